// `npm run bench:decode` — a benchmark, not a test (the machines are noisy; it prints ratios measured in
// one run). Two questions about the relay loop's overhead on the student, with real parts throughout:
//  1. decode speed: raw node-llama-cpp (sequence.evaluate, greedy) vs the same model and the same tokens
//     decoded inside the relay loop (student in its worker process, events streamed). Target >= 0.99x.
//     Both sides decode the same tokens: same context size, prompt, sampling and thread count. The prompt's
//     1000-token greedy text has no floating-point near-tie (its two likeliest tokens are never closer than
//     0.013 nats, and it decodes the same with flash attention off or beside another sequence); the earlier
//     prompt had one at token 817 (1.6e-4 nats), which any other float summation order (2 threads) flips.
//     Should the texts part, the line says where and how close the two likeliest tokens were there.
//     Each side also runs a one-token answer, so that its time splits into a fixed cost per solve (ms:
//     session start, prompt, first token) and a cost per further token (µs): the figures a 1.7B model scales by.
//  2. KV-cache reuse: after each teacher call, the student tokens evaluated before decoding resumes vs the
//     teacher tokens appended (one pending student token per call is the student's own, evaluated once
//     either way). Target <= 1.05x.
//  3. KV-cache reuse across conversation turns: the prompt tokens a follow-up question evaluates vs the
//     tokens its templated prompt adds to the first turn's prompt and answer. Target <= new tokens + 8.
import { solve, type Student, type StudentSession, type StudentTurn } from "../src/relay";
import { loadWorkerStudent } from "../src/student";
import { importNodeLlamaCpp } from "../src/student/model/nodeLlamaCpp";
import { templateConversation } from "../src/student/decoding/promptTemplate";
import { OpenAiTeacher } from "../src/teacher";
import { startLlamaServer } from "../test/support/llamaServer";
import { RecordingStudent } from "../test/support/recordingStudent";
import { requireSharedModels, studentModelPath, studentWorkerPath } from "../test/support/paths";

const PROMPT = "Sam liked to play in the mud.";
const TOKENS = Number(process.env.BENCH_TOKENS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const THREADS = 1;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Run {
    seconds: number;
    tokensPerSecond: number;
    text: string;
    tokens: number;
}

/** Fixed cost (ms: the median one-token run) and cost per further token (µs, averaged over the long run). */
function splitCost(long: Run[], oneToken: Run[]): { fixedMs: number; perTokenUs: number } {
    const [tLong, tOne] = [median(long.map((run) => run.seconds)), median(oneToken.map((run) => run.seconds))];
    return { fixedMs: tOne * 1000, perTokenUs: ((tLong - tOne) / (long[0]!.tokens - 1)) * 1e6 };
}

/** Raw node-llama-cpp: the templated prompt, then greedy decoding until EOS or TOKENS. */
async function rawDecoder() {
    const nlc = await importNodeLlamaCpp();
    const llama = await nlc.getLlama({ gpu: false, build: "never", logLevel: nlc.LlamaLogLevel.error });
    const model = await llama.loadModel({ modelPath: studentModelPath });
    const context = await model.createContext({ contextSize: 2048, threads: THREADS });
    const prompt = templateConversation(nlc, model, [{ role: "user", content: PROMPT }]);
    const decode = async (limit = TOKENS): Promise<Run> => {
        const sequence = context.getSequence();
        const generated: Array<(typeof prompt.tokens)[number]> = [];
        const started = performance.now();
        for await (const token of sequence.evaluate(prompt.tokens, { temperature: 0 })) {
            generated.push(token);
            if (generated.length >= limit) break;
        }
        const seconds = (performance.now() - started) / 1000;
        sequence.dispose();
        return { seconds, tokensPerSecond: generated.length / seconds, text: model.detokenize(generated, true, prompt.tokens), tokens: generated.length };
    };
    /** Where `other` parts from the raw greedy text: the token, its text, and ln(p1/p2) of the two likeliest tokens there. */
    const partingFrom = async (other: string): Promise<string> => {
        const sequence = context.getSequence();
        const generated: Array<(typeof prompt.tokens)[number]> = [];
        try {
            for await (const step of sequence.evaluateWithMetadata(prompt.tokens, { probabilities: true }, { temperature: 0 })) {
                generated.push(step.token);
                const text = model.detokenize(generated, true, prompt.tokens);
                if (!other.startsWith(text) || generated.length >= TOKENS) {
                    const [first, second] = [...step.probabilities.values()].sort((a, b) => b - a);
                    return `they part at token ${generated.length - 1} (character ${text.length - model.detokenize([step.token], true, generated.slice(0, -1)).length}), where the two likeliest tokens are ${Math.log(first! / second!).toExponential(1)} nats apart`;
                }
            }
            return "the raw text ended first";
        } finally {
            await sequence.dispose();
        }
    };
    return Object.assign(decode, { partingFrom });
}

async function main(): Promise<void> {
    requireSharedModels();
    const raw = await rawDecoder();
    const student = await loadWorkerStudent({ model: studentModelPath, threads: THREADS, gpu: false, workerPath: studentWorkerPath });
    try {
        const relay = async (limit = TOKENS): Promise<Run> => {
            const started = performance.now();
            const result = await solve({ student, userPrompt: PROMPT, mode: "learned", temperature: 0, maxTokens: limit });
            const seconds = (performance.now() - started) / 1000;
            return { seconds, tokensPerSecond: result.usage.studentTokens / seconds, text: result.text, tokens: result.usage.studentTokens };
        };
        const shortTokens = 1;
        await raw();
        await relay();
        const runs = { rawLong: [] as Run[], relayLong: [] as Run[], rawShort: [] as Run[], relayShort: [] as Run[] };
        let same = true;
        let parting = "";
        let tokens = 0;
        for (let round = 0; round < ROUNDS; round++) {
            const a = await raw();
            const b = await relay();
            runs.rawLong.push(a);
            runs.relayLong.push(b);
            runs.rawShort.push(await raw(shortTokens));
            runs.relayShort.push(await relay(shortTokens));
            if (process.env.BENCH_DEBUG && a.text !== b.text) console.log(JSON.stringify({ raw: a.text, relay: b.text, rawTokens: a.tokens, relayTokens: b.tokens }));
            if (a.text !== b.text && same) parting = await raw.partingFrom(b.text);
            same &&= a.text === b.text && a.tokens === b.tokens;
            tokens = a.tokens;
        }
        const rawSpeed = median(runs.rawLong.map((run) => run.tokensPerSecond));
        const relaySpeed = median(runs.relayLong.map((run) => run.tokensPerSecond));
        console.log(`1. decode speed, ${tokens} greedy tokens, ${ROUNDS} alternating rounds, ${THREADS} thread, medians`);
        console.log(`   raw node-llama-cpp     ${rawSpeed.toFixed(0)} tok/s`);
        console.log(`   inside the relay loop  ${relaySpeed.toFixed(0)} tok/s (worker process, events streamed; timed from solve start, prompt included)`);
        console.log(`   same tokens: ${same ? "yes" : `NO (${parting || "another token count"})`}; ratio relay/raw = ${(relaySpeed / rawSpeed).toFixed(3)}x (target >= 0.99x)`);
        const rawCost = splitCost(runs.rawLong, runs.rawShort);
        const relayCost = splitCost(runs.relayLong, runs.relayShort);
        console.log(`   split (one-token runs give the fixed cost): raw ${rawCost.fixedMs.toFixed(1)} ms per solve + ${rawCost.perTokenUs.toFixed(0)} µs per further token; relay ${relayCost.fixedMs.toFixed(1)} ms + ${relayCost.perTokenUs.toFixed(0)} µs`);
        console.log(`   relay overhead: fixed ${(relayCost.fixedMs - rawCost.fixedMs).toFixed(1)} ms per solve, ${(relayCost.perTokenUs - rawCost.perTokenUs).toFixed(0)} µs per token (per-token speed ratio ${(rawCost.perTokenUs / relayCost.perTokenUs).toFixed(3)}x)`);

        const server = await startLlamaServer();
        try {
            const recording = new RecordingStudent(student);
            const calls = 4;
            const grammar = `root ::= ${Array.from({ length: calls }, () => '[a-z ]{20,30} "<call>48</call>"').join(" ")} [a-z .]{20,30}`;
            const result = await solve({
                student: recording,
                // The tiny teacher ends stories fast; ignoring its EOS keeps every call a "length" stop, so the student resumes.
                teacher: new OpenAiTeacher({ baseURL: server.baseURL, model: "tinystories", extraBody: { ignore_eos: true } }),
                userPrompt: PROMPT,
                mode: "learned",
                temperature: 0,
                grammar,
                maxCalls: calls,
                maxTokens: 1500,
            });
            // Turn i + 1 is the resumption after call i; a call after which the answer ended has none.
            const resumed = result.calls.slice(0, recording.turns.length - 1);
            const appended = resumed.map((call) => call.producedStudentTokens);
            const evaluated = recording.turns.slice(1, 1 + resumed.length).map((turn) => turn.inputTokensEvaluated);
            const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
            console.log(`\n2. KV-cache reuse over ${result.calls.length} teacher calls (prompt ${recording.turns[0]?.inputTokensEvaluated} tokens, answer ${result.usage.studentTokens + result.usage.teacherTokens} tokens)`);
            for (const [index, value] of evaluated.entries()) console.log(`   call ${index + 1}: teacher tokens appended ${appended[index]}, student tokens evaluated before resuming ${value}`);
            const withPending = sum(evaluated) / sum(appended);
            const withoutPending = (sum(evaluated) - evaluated.length) / sum(appended);
            console.log(`   evaluated/appended = ${withPending.toFixed(3)}x (target <= 1.05x); without the one pending student token per call ${withoutPending.toFixed(3)}x`);
        } finally {
            await server.stop();
        }
        await conversationReuse(student);
    } finally {
        await student.dispose();
    }
}

/** Two turns of one conversation: the second evaluates only what its prompt adds to the first turn. */
async function conversationReuse(student: Student): Promise<void> {
    const recording = new RecordingStudent(student);
    const question = "Once upon a time, there was a little cat.";
    const first = await solve({ student: recording, messages: [{ role: "user", content: question }], mode: "teacher-free", temperature: 0, maxTokens: 120 });
    const firstTurns = recording.turns.length;
    const second = await solve({
        student: recording,
        messages: [{ role: "user", content: question }, { role: "assistant", content: first.text }, { role: "user", content: "The cat had a red ball." }],
        mode: "teacher-free",
        temperature: 0,
        maxTokens: 40,
    });
    const [one, two] = recording.sessions as [StudentSession, StudentSession];
    const evaluated = recording.turns[firstTurns]!.inputTokensEvaluated;
    const newTokens = two.promptTokens - (one.promptTokens + first.usage.studentTokens);
    console.log(`\n3. KV-cache reuse across conversation turns (turn 1: prompt ${one.promptTokens} tokens + answer ${first.usage.studentTokens} tokens; turn 2 prompt ${two.promptTokens} tokens)`);
    console.log(`   turn 2 evaluated ${evaluated} prompt tokens (${two.reusedPromptTokens} reused from the cache) for ${newTokens} new tokens: ${evaluated - newTokens >= 0 ? "+" : ""}${evaluated - newTokens} (target <= new + 8; ${second.usage.studentTokens} answer tokens)`);
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(`bench-decode: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    },
);
