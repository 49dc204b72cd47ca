import type { RelayEvent } from "../relay";

/**
 * Turns the engine's events into Markdown chunks for VS Code's Chat view, where a response is one Markdown
 * document built from the chunks (no per-span styling exists there). Student text streams as it comes; the
 * teacher's text of one call is held until the call ends and then written in italics, so the emphasis
 * opens and closes around whole lines instead of single tokens (`*a**b*` would turn into bold). Inside a code
 * fence, or for a span that itself holds a fence, the teacher's text stays plain: emphasis there would show
 * as literal asterisks or break the block.
 */
export class ChatAnswerMarkdown {
    private emitted = "";
    private pendingTeacher = "";
    private teacherCalls = 0;

    /** The Markdown to append for this event (often none). */
    push(event: RelayEvent): string[] {
        switch (event.type) {
            case "student-text":
                return this.flush().concat(this.emit(event.text));
            case "teacher-text":
                this.pendingTeacher += event.text;
                return [];
            case "teacher-done":
            case "teacher-error":
            case "done":
                return this.flush();
            default:
                return [];
        }
    }

    /** Ends the teacher span held so far (a stored answer replays its spans without call events). */
    endTeacherSpan(): string[] {
        return this.flush();
    }

    /** True once any teacher text was written (the footer then explains the italics). */
    get hadTeacherText(): boolean {
        return this.teacherCalls > 0;
    }

    private flush(): string[] {
        const span = this.pendingTeacher;
        this.pendingTeacher = "";
        if (span === "") return [];
        this.teacherCalls += 1;
        const plain = insideFence(this.emitted) || FENCE_LINE.test(span);
        return this.emit(plain ? span : emphasize(span, this.emitted === "" || this.emitted.endsWith("\n")));
    }

    private emit(text: string): string[] {
        if (text === "") return [];
        this.emitted += text;
        return [text];
    }
}

const FENCE_LINE = /^\s{0,3}(```|~~~)/m;

/** Whether Markdown `text` ends inside an open code fence (an odd number of fence lines). */
export function insideFence(text: string): boolean {
    return (text.match(/^\s{0,3}(```|~~~)/gm)?.length ?? 0) % 2 === 1;
}

/**
 * Italics around each line's text, whitespace kept outside (`* a*` is no emphasis); a list, heading or quote
 * marker at the start of a line stays in front, so the block keeps its meaning. Lines holding `*` or a backtick
 * stay plain.
 */
export function emphasize(span: string, startsAtLineStart: boolean): string {
    return span
        .split("\n")
        .map((line, index) => {
            const atLineStart = index > 0 || startsAtLineStart;
            const marker = atLineStart ? (/^\s*(?:[-*+]|\d+[.)]|#{1,6}|>)\s+/.exec(line)?.[0] ?? "") : "";
            const rest = line.slice(marker.length);
            const body = rest.trim();
            // A line with its own emphasis or code keeps it, unmarked: nesting would change what it means.
            if (body === "" || /[*`]/.test(body)) return line;
            const lead = rest.slice(0, rest.length - rest.trimStart().length);
            const trail = rest.slice(rest.trimEnd().length);
            return `${marker}${lead}*${body}*${trail}`;
        })
        .join("\n");
}
