import type { BenchPlan } from "./benchPlan";

/** The part of a benchmark run one process runs: the `index`-th (1-based) of `count` shards. */
export interface BenchShard {
    index: number;
    count: number;
}

/** A run that is not split: its one shard is the whole plan. */
export const WHOLE_RUN: BenchShard = { index: 1, count: 1 };

/** `2/4`, as `--shard` takes it. */
export function formatShard(shard: BenchShard): string {
    return `${shard.index}/${shard.count}`;
}

/**
 * The part of a plan that one shard runs. The unit is one repeat of one problem with all of its modes, so a
 * router cell stays with the solves it reuses and the modes that share a prompt share a student's KV cache.
 * Units are dealt out in the plan's order, unit u to shard (u mod count) + 1: the same plan gives every machine
 * the same split, and shard sizes differ by one unit at most. Each method keeps the cells of its shard.
 */
export function shardPlan(plan: BenchPlan, shard: BenchShard): BenchPlan {
    if (shard.count === 1) return plan;
    const units = new Map<string, number>();
    const unitOf = (id: string, repeat: number): number => {
        const key = JSON.stringify([repeat, id]);
        let unit = units.get(key);
        if (unit === undefined) {
            unit = units.size;
            units.set(key, unit);
        }
        return unit;
    };
    const mine = (id: string, repeat: number) => unitOf(id, repeat) % shard.count === shard.index - 1;
    const tasks = plan.tasks.filter((task) => mine(task.item.id, task.repeat));
    const methods = plan.methods.map((method) => ({ ...method, cells: method.cells.filter((cell) => mine(cell.id, cell.repeat)) }));
    return { tasks, methods };
}
