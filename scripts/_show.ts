import { OpenAiTeacher } from "../src/teacher";
import { solve } from "../src/relay";
import { loadLlamaStudent } from "../src/student";
import { readTestbedDataset, startTeacherServer } from "../src/testbed";
async function main() {
    const [model, dataset, teacherModel, filter] = process.argv.slice(2) as [string, string, string, string];
    const items = readTestbedDataset(dataset).filter((i) => (i.gap ?? i.kind) === filter).slice(0, 8);
    const server = await startTeacherServer({ model: teacherModel });
    const teacher = new OpenAiTeacher({ baseURL: server.baseURL, model: "teacher", maxRetries: 1 });
    const s = await loadLlamaStudent({ model, threads: 1, gpu: false, contextSize: 256 });
    for (const item of items) {
        const r = await solve({ student: s, teacher, userPrompt: item.prompt, mode: "learned", temperature: 0, teacherTemperature: 0, maxTokens: 32, seed: 0 });
        console.log(item.answer, "|", JSON.stringify(r.spans.map((x) => `${x.source[0]}:${x.text}`)), r.calls.map((c) => `${c.requested}/${c.granted}/${c.produced}`));
    }
    await s.dispose(); await server.stop();
}
void main();
