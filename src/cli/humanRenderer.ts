import { usageLine } from "../format/usageLine";
import { terminalSafe } from "../format/terminalText";
import type { RelayEvent } from "../relay";

/** Terminal styling; plain brackets when colour is off so teacher spans stay visible in logs. */
export interface Style {
    teacherOpen: string;
    teacherClose: string;
    note(text: string): string;
    error(text: string): string;
}

export function terminalStyle(colour: boolean): Style {
    if (!colour) return { teacherOpen: "[teacher: ", teacherClose: "]", note: (text) => `⟨${text}⟩`, error: (text) => `⟨${text}⟩` };
    return {
        teacherOpen: "\x1b[1;36m",
        teacherClose: "\x1b[0m",
        note: (text) => `\x1b[2m⟨${text}⟩\x1b[0m`,
        error: (text) => `\x1b[31m⟨${text}⟩\x1b[0m`,
    };
}

/**
 * Streams events as text: student text plain, teacher text highlighted, calls and problems as notes.
 * A teacher span streams in many deltas; it is opened once and closed when anything else arrives.
 * Everything but our own styling passes through `terminalSafe`: model text and server messages are untrusted.
 */
export class HumanRenderer {
    private inTeacher = false;

    constructor(private readonly style: Style, private readonly write: (text: string) => void) {}

    render(event: RelayEvent): void {
        if (event.type === "teacher-text") {
            if (!this.inTeacher) this.write(this.style.teacherOpen);
            this.inTeacher = true;
            this.write(terminalSafe(event.text));
            return;
        }
        if (this.inTeacher) this.write(this.style.teacherClose);
        this.inTeacher = false;
        const style = { note: (text: string) => this.style.note(terminalSafe(text)), error: (text: string) => this.style.error(terminalSafe(text)) };
        switch (event.type) {
            case "start":
                this.write(style.note(`mode ${event.mode} · student ${event.student}${event.teacher ? ` · teacher ${event.teacher}` : " · no teacher"}`) + "\n");
                return;
            case "history-truncated":
                this.write(style.note(`the ${event.droppedMessages} oldest messages did not fit the student's context and were left out`) + "\n");
                return;
            case "student-text":
                this.write(terminalSafe(event.text));
                return;
            case "call-requested":
                return;
            case "teacher-done":
                if (event.record.finishReason === "timeout") this.write(style.note("the teacher ran out of the call's time limit: its text so far is kept and the student continues alone"));
                return;
            case "call-granted":
                this.write(style.note(`call ${event.call + 1}: ${event.granted}/${event.requested} tokens`));
                return;
            case "call-denied":
                this.write(style.note(`call for ${event.requested} tokens denied: ${event.reason}`));
                return;
            case "teacher-error":
                this.write(style.error(`teacher error (${event.kind}): ${event.message}; the student continues alone`));
                return;
            case "teacher-over-grant":
                this.write(style.note(`the teacher wrote past its ${event.granted}-token grant (${event.receivedTokens} tokens${event.aborted ? ", request stopped" : ""}); only the grant is kept`));
                return;
            case "teacher-text-sanitized":
                this.write(style.note(`removed ${JSON.stringify(event.raw)} from the teacher's text (${event.reason})`));
                return;
            case "teacher-usage-rejected":
                this.write(style.note(`the teacher's usage report was not believed (${event.reason}); the call is billed at our own counts`));
                return;
            case "malformed-command":
                this.write(style.note(`stripped malformed command ${JSON.stringify(event.raw)} (${event.reason})`));
                return;
            case "done":
                this.write("\n" + style.note(usageLine(event.result.usage, event.result.stopReason)) + "\n");
                return;
            default:
                event satisfies never;
        }
    }
}
