import type { AnswerRenderer } from "../render";
import { createFrameScheduler } from "./createFrameScheduler";
import type { TurnState } from "./TurnState";
import { TurnView } from "./TurnView";

// Within this distance of the bottom the conversation follows a streaming answer.
const FOLLOW_SLACK_PX = 40;

/**
 * The turns shown, in order, and when they are redrawn: a changed turn is marked dirty and redrawn once per
 * animation frame, all dirty turns together, following the bottom while the reader is there.
 */
export class ChatTurns {
    private readonly views = new Map<string, TurnView>();
    private readonly dirty = new Set<TurnView>();
    private readonly scheduler: ReturnType<typeof createFrameScheduler>;

    constructor(
        window: Window,
        private readonly container: HTMLElement,
        private readonly renderer: AnswerRenderer,
    ) {
        this.scheduler = createFrameScheduler(window, () => this.redraw());
    }

    get size(): number {
        return this.views.size;
    }

    get(id: string): TurnView | undefined {
        return this.views.get(id);
    }

    /** Adds (or replaces) a turn at the end; only the last turn offers Retry and Regenerate, so the one before loses them. */
    add(state: TurnState): void {
        this.views.get(state.id)?.root.remove();
        for (const other of this.views.values()) {
            if (other.state.latest && other.state.id !== state.id) {
                other.state.latest = false;
                this.changed(other);
            }
        }
        const view = new TurnView(this.container.ownerDocument, this.renderer, state);
        this.views.set(state.id, view);
        this.container.append(view.root);
    }

    clear(): void {
        for (const view of this.views.values()) view.root.remove();
        this.views.clear();
        this.dirty.clear();
    }

    /** Redraws `view` in the next frame. */
    changed(view: TurnView): void {
        this.dirty.add(view);
        this.scheduler.schedule();
    }

    scrollToEnd(): void {
        this.container.scrollTop = this.container.scrollHeight;
    }

    private redraw(): void {
        const follow = this.container.scrollHeight - this.container.scrollTop - this.container.clientHeight <= FOLLOW_SLACK_PX;
        const views = [...this.dirty];
        // Cleared first: a turn whose update throws must not stop the others, nor be retried every frame.
        this.dirty.clear();
        const failures: unknown[] = [];
        for (const view of views) {
            try {
                view.update();
            } catch (error) {
                failures.push(error);
            }
        }
        if (follow) this.scrollToEnd();
        if (failures.length > 0) throw failures[0];
    }
}
