import type { Teacher, TeacherRequest, TeacherResult } from "../../src/relay";

/** Wraps a real teacher and keeps every request it received, so tests can inspect the teacher's prompt. */
export class RecordingTeacher implements Teacher {
    readonly requests: Array<Omit<TeacherRequest, "signal" | "onText">> = [];

    constructor(private readonly inner: Teacher) {}

    get name(): string {
        return this.inner.name;
    }

    continue(request: TeacherRequest): Promise<TeacherResult> {
        const { signal: _signal, onText: _onText, ...recorded } = request;
        this.requests.push(recorded);
        return this.inner.continue(request);
    }
}
