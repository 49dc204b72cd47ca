import { gradeExact } from "../src/eval/grader/exactMatch";
import { OpenAiTeacher } from "../src/teacher";
import { solve } from "../src/relay";
import { loadLlamaStudent } from "../src/student";
import { readTestbedDataset, startTeacherServer } from "../src/testbed";
async function main() {
    const [model, dataset, teacherModel] = process.argv.slice(2) as [string, string, string];
    const items = readTestbedDataset(dataset);
    const server = await startTeacherServer({ model: teacherModel });
    const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "teacher", maxRetries: 1 });
    const s = await loadLlamaStudent({ model, threads: 1, gpu: false, contextSize: 256 });
    const cells: Record<string, number[]> = {};
    let share = 0, correct = 0;
    for (const item of items) {
        const r = await solve({ student: s, teacher, userPrompt: item.prompt, mode: "learned", temperature: 0, teacherTemperature: 0, maxTokens: 32, seed: 0 });
        const ok = gradeExact(item.answer, r.text).equal; const called = r.calls.some((c) => c.granted > 0);
        for (const k of [item.kind, item.gap ?? "-"]) { const c = (cells[k] ??= [0, 0, 0]); c[0]++; c[1] += ok ? 1 : 0; c[2] += called ? 1 : 0; }
        share += r.usage.callRatio; correct += ok ? 1 : 0;
    }
    console.log(`acc ${(correct / items.length * 100).toFixed(1)} share ${(share / items.length * 100).toFixed(2)} ` + Object.entries(cells).map(([k, [n, a, c]]) => `${k}: acc ${(a! / n! * 100).toFixed(0)} calls ${(c! / n! * 100).toFixed(0)}`).join(", "));
    await s.dispose(); await server.stop();
}
void main();
