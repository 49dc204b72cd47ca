/**
 * The test bed's synthetic knowledge task: characters with facts drawn at random from small vocabularies,
 * asked as TinyStories-style prompts whose next word is the fact. Pure and seeded: the same options give the
 * same items.
 *
 * Two sources of difficulty, reported apart, so that a student can learn *when* to call in a way that carries
 * over to characters it was never trained on:
 * - a **skill gap**: one attribute (the colour) the student never learns for anyone while the teacher knows it
 *   for every character it knows (the analogue of a kind of step the student is bad at);
 * - a **knowledge gap**: characters the student never met, whom the teacher knows.
 * Characters nobody knows make the teacher-unsolvable kind. Every character belongs to one split (train,
 * validation, test), so held-out questions never share a name with training ones.
 */
import { seededUniform } from "../util/seededUniform";

/** The paper's difficulty kinds: facts both models learned, facts only the teacher learned, facts nobody learned. */
export const ITEM_KINDS = ["student-solvable", "teacher-dependent", "teacher-unsolvable"] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** Why a teacher-dependent item is out of the student's reach. */
export const GAP_SOURCES = ["skill", "knowledge"] as const;
export type GapSource = (typeof GAP_SOURCES)[number];

/** Who knows a character: both models, only the teacher, nobody. */
export const CHARACTER_GROUPS = ["shared", "teacher-only", "unknown"] as const;
export type CharacterGroup = (typeof CHARACTER_GROUPS)[number];

/** Characters are split whole: train (the RL stage), validation (choosing hyper-parameters), test (the tables). */
export const SPLITS = ["train", "validation", "test"] as const;
export type Split = (typeof SPLITS)[number];

/** One kind of fact: the story sentence that introduces it, the frame whose next word is the fact, its values. */
export interface Attribute {
    name: string;
    /** "{name} had a pet." — introduces the fact. */
    setup: string;
    /** "The pet was a" — the fact is the next word. */
    frame: string;
    values: readonly string[];
}

/** Eight values each, so a model that guesses scores 1/8 (12.5 %) on facts it never saw. */
export const ATTRIBUTES: readonly Attribute[] = [
    { name: "pet", setup: "had a pet.", frame: "The pet was a", values: ["dog", "cat", "bird", "fish", "frog", "duck", "bunny", "mouse"] },
    { name: "toy", setup: "had a toy.", frame: "The toy was a", values: ["ball", "doll", "car", "kite", "drum", "boat", "train", "truck"] },
    { name: "color", setup: "had a favorite color.", frame: "The color was", values: ["red", "blue", "green", "yellow", "pink", "purple", "orange", "brown"] },
    { name: "place", setup: "liked to play in one place.", frame: "The place was the", values: ["park", "beach", "forest", "garden", "farm", "lake", "hill", "yard"] },
];

/** The attribute of the skill gap: the student is never taught it, for anyone. */
export const SKILL_ATTRIBUTE = "color";

const GIRLS = [
    "Lily", "Mia", "Sue", "Anna", "Lucy", "Kim", "Emma", "Sara", "Amy", "Jane", "Zoe", "Rose", "Ella", "Molly", "Daisy", "Kate", "Ruby", "Lola",
    "Mary", "Sally", "Betty", "Susie", "Lisa", "Nina", "Ivy", "Alice", "Grace", "Hannah", "Julie", "Penny", "Tina", "Wendy", "Bella", "Clara", "Dora", "Eve",
];
const BOYS = [
    "Tom", "Ben", "Max", "Tim", "Sam", "Jack", "Bob", "Leo", "Jake", "Joe", "Dan", "Finn", "Mark", "Pete", "Ted", "Billy", "Roy", "Ned",
    "Jim", "Bobby", "Timmy", "Tony", "Alex", "Ollie", "Henry", "Charlie", "Danny", "Eddie", "Fred", "George", "Harry", "Luke", "Nick", "Paul", "Toby", "Will",
];

/** Characters in one unit of the world: per group, and per split within each group. */
export const UNIT = {
    shared: { train: 8, validation: 2, test: 6 },
    "teacher-only": { train: 4, validation: 1, test: 3 },
    unknown: { train: 4, validation: 1, test: 3 },
} as const satisfies Record<CharacterGroup, Record<Split, number>>;

/** Characters per unit (32 with the shares above). */
export const UNIT_CHARACTERS = 32;

/** Most characters a world can have (every name once), a multiple of {@link UNIT_CHARACTERS}. */
export const MAX_CHARACTERS = Math.floor((GIRLS.length + BOYS.length) / UNIT_CHARACTERS) * UNIT_CHARACTERS;

/** One question of the task. */
export interface FactItem {
    /** `<name>-<attribute>`, lowercase. */
    id: string;
    kind: ItemKind;
    /** For teacher-dependent items: the skill gap or the knowledge gap; null otherwise. */
    gap: GapSource | null;
    split: Split;
    character: string;
    group: CharacterGroup;
    attribute: string;
    /** The story prompt; the answer is its next word. */
    prompt: string;
    /** The fact, one lowercase word. */
    answer: string;
    /** The text after the prompt that training teaches: " dog." */
    continuation: string;
}

export interface FactWorldOptions {
    /** Seeds the choice of names, groups, splits and facts. */
    seed: number;
    /** Characters in all, a multiple of 32: half shared, a quarter teacher-only, a quarter unknown; of each group 1/2 train, 1/8 validation, 3/8 test. */
    characters: number;
}

function shuffled<T>(values: readonly T[], random: () => number): T[] {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
}

/** The story prompt for one fact of one character. */
export function factPrompt(character: { name: string; girl: boolean }, attribute: Attribute): string {
    return `Once upon a time, there was a little ${character.girl ? "girl" : "boy"} named ${character.name}. ${character.name} ${attribute.setup} ${attribute.frame}`;
}

/** The kind and gap of one fact of a character in a group. */
export function classify(group: CharacterGroup, attribute: string): { kind: ItemKind; gap: GapSource | null } {
    if (group === "unknown") return { kind: "teacher-unsolvable", gap: null };
    if (group === "teacher-only") return { kind: "teacher-dependent", gap: "knowledge" };
    return attribute === SKILL_ATTRIBUTE ? { kind: "teacher-dependent", gap: "skill" } : { kind: "student-solvable", gap: null };
}

/** Builds the items: one per character and attribute, characters assigned to groups and splits by the unit's shares. */
export function buildFactWorld(options: FactWorldOptions): FactItem[] {
    const units = options.characters / UNIT_CHARACTERS;
    if (!Number.isInteger(units) || units < 1 || options.characters > MAX_CHARACTERS) {
        throw new RangeError(`characters must be a multiple of ${UNIT_CHARACTERS} in [${UNIT_CHARACTERS}, ${MAX_CHARACTERS}]`);
    }
    const random = seededUniform(options.seed);
    const names = shuffled([...GIRLS.map((name) => ({ name, girl: true })), ...BOYS.map((name) => ({ name, girl: false }))], random).slice(0, options.characters);
    const roles: { group: CharacterGroup; split: Split }[] = [];
    for (const group of CHARACTER_GROUPS) {
        for (const split of SPLITS) for (let i = 0; i < UNIT[group][split] * units; i++) roles.push({ group, split });
    }
    const items: FactItem[] = [];
    names.forEach((character, index) => {
        const { group, split } = roles[index]!;
        for (const attribute of ATTRIBUTES) {
            const answer = attribute.values[Math.floor(random() * attribute.values.length)]!;
            items.push({
                id: `${character.name.toLowerCase()}-${attribute.name}`,
                ...classify(group, attribute.name),
                split,
                character: character.name,
                group,
                attribute: attribute.name,
                prompt: factPrompt(character, attribute),
                answer,
                continuation: ` ${answer}.`,
            });
        }
    });
    return items;
}

/** The facts a model is trained on: the teacher every fact of the characters it knows, the student the solvable ones. */
export function trainedOn(model: "teacher" | "student", item: Pick<FactItem, "kind" | "group">): boolean {
    return model === "teacher" ? item.group !== "unknown" : item.kind === "student-solvable";
}
