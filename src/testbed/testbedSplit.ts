import type { Split } from "./factWorld";
import type { TestbedQuestion } from "./testbedDataset";

/** The character an item asks about: its id is `<name>-<attribute>`. */
export function itemCharacter(item: Pick<TestbedQuestion, "id">): string {
    return item.id.slice(0, item.id.lastIndexOf("-"));
}

/**
 * The test bed's own split, by character (fixed when the world is built): `train` for the RL stage, `validation`
 * for choosing hyper-parameters, `test` for the tables. No name appears in two splits.
 */
export function splitTestbed<T extends Pick<TestbedQuestion, "split">>(items: readonly T[]): Record<Split, T[]> {
    return { train: items.filter((item) => item.split === "train"), validation: items.filter((item) => item.split === "validation"), test: items.filter((item) => item.split === "test") };
}
