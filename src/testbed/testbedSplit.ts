import { ITEM_KINDS } from "./factWorld";
import type { TestbedQuestion } from "./testbedDataset";

/** The character an item asks about: its id is `<name>-<attribute>`. */
export function itemCharacter(item: Pick<TestbedQuestion, "id">): string {
    return item.id.slice(0, item.id.lastIndexOf("-"));
}

/**
 * Splits the test bed by character, so no held-out question shares a name with a training one: of each kind's
 * characters (in data-set order, itself a seeded shuffle), the last `heldOutPerKind` are held out. The test bed
 * has no split of its own (its data set is unchanged, so its cache key is too); this is the one training uses.
 */
export function splitTestbed<T extends Pick<TestbedQuestion, "id" | "kind">>(items: readonly T[], heldOutPerKind: number): { train: T[]; heldOut: T[] } {
    const heldOutNames = new Set<string>();
    for (const kind of ITEM_KINDS) {
        const names = [...new Set(items.filter((item) => item.kind === kind).map(itemCharacter))];
        if (heldOutPerKind >= names.length) throw new RangeError(`cannot hold out ${heldOutPerKind} of the ${names.length} ${kind} characters`);
        for (const name of names.slice(names.length - heldOutPerKind)) heldOutNames.add(name);
    }
    return { train: items.filter((item) => !heldOutNames.has(itemCharacter(item))), heldOut: items.filter((item) => heldOutNames.has(itemCharacter(item))) };
}
