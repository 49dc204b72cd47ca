import type { BenchPlan } from "./benchPlan";
import type { BenchRecord } from "./benchRecord";
import { formatShard } from "./benchShard";
import { resultKey } from "./runKey";
import { manifestDifference, planOfManifest, type RunManifest } from "./runManifest";

/** One shard's output folder, as `bench merge` reads it. */
export interface ShardFolder {
    dir: string;
    manifest: RunManifest;
    /** Its results: the last line of each key, as a rerun in that folder reads them. */
    records: readonly BenchRecord[];
}

/** Folders that cannot be merged into one run; the message names them. */
export class MergeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MergeError";
    }
}

/** Shard folders combined into one run. */
export interface MergedRun {
    /** The run as one unsplit run (shard 1/1). */
    manifest: RunManifest;
    plan: BenchPlan;
    /** One result per planned solve that some folder holds, in the plan's order. */
    records: BenchRecord[];
    /** What the user should know: shards not given, stored results the plan does not use. */
    notes: string[];
}

const describe = (record: BenchRecord) => `${record.mode} on problem ${JSON.stringify(record.id)}, repeat ${record.repeat}`;

/** The first field in which two results of one solve differ. */
function firstDifference(a: BenchRecord, b: BenchRecord): string {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof BenchRecord)[];
    return keys.find((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])) ?? "their order of fields";
}

/**
 * Combines the folders of one sharded run. Refused (MergeError naming the folders): a folder given twice,
 * folders of different runs (other problems, modes, seeds, models or settings) or of different shard counts,
 * one shard in two folders, and a solve whose result two folders hold, identical (a duplicate) or not (a
 * conflict). Shards that are missing are allowed: their solves stay unfinished in the table, and a note says so.
 */
export function mergeShards(folders: readonly ShardFolder[]): MergedRun {
    const [first] = folders;
    if (first === undefined) throw new MergeError("bench merge needs at least one folder");
    const byShard = new Map<number, string>();
    const seenDirs = new Set<string>();
    for (const folder of folders) {
        if (seenDirs.has(folder.dir)) throw new MergeError(`${folder.dir} is given twice`);
        seenDirs.add(folder.dir);
        const field = manifestDifference(first.manifest, folder.manifest);
        if (field !== undefined) throw new MergeError(`${first.dir} and ${folder.dir} are not shards of one run: their run.json differ in "${field}"`);
        const { shard } = folder.manifest;
        if (shard.count !== first.manifest.shard.count) {
            throw new MergeError(`${first.dir} is shard ${formatShard(first.manifest.shard)} but ${folder.dir} is shard ${formatShard(shard)}: the runs were split differently`);
        }
        const other = byShard.get(shard.index);
        if (other !== undefined) throw new MergeError(`shard ${formatShard(shard)} is in two folders: ${other} and ${folder.dir}`);
        byShard.set(shard.index, folder.dir);
    }

    const plan = planOfManifest(first.manifest);
    const planned = new Set(plan.tasks.map((task) => task.key));
    const found = new Map<string, { record: BenchRecord; dir: string }>();
    const notes: string[] = [];
    for (const folder of folders) {
        let unused = 0;
        for (const record of folder.records) {
            const key = resultKey(record);
            if (!planned.has(key)) {
                unused++;
                continue;
            }
            const earlier = found.get(key);
            if (earlier !== undefined) {
                const same = JSON.stringify(earlier.record) === JSON.stringify(record);
                throw new MergeError(
                    same
                        ? `the result of ${describe(record)} is in both ${earlier.dir} and ${folder.dir} (a duplicate: one folder copied or merged twice?)`
                        : `${earlier.dir} and ${folder.dir} hold conflicting results of ${describe(record)} (they differ in "${firstDifference(earlier.record, record)}")`,
                );
            }
            found.set(key, { record, dir: folder.dir });
        }
        if (unused > 0) notes.push(`${unused} results in ${folder.dir} were made with other settings or problems and are not used`);
    }
    const { count } = first.manifest.shard;
    const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !byShard.has(index));
    if (missing.length > 0) notes.push(`shard${missing.length > 1 ? "s" : ""} ${missing.map((index) => formatShard({ index, count })).join(", ")} not given: their solves are unfinished in the table`);
    const records = plan.tasks.flatMap((task) => {
        const hit = found.get(task.key);
        return hit === undefined ? [] : [hit.record];
    });
    return { manifest: { ...first.manifest, shard: { index: 1, count: 1 } }, plan, records, notes };
}
