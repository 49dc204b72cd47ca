/** The test bed: a synthetic fact task, a teacher and a student fine-tuned on it, its data set and manifest. */
export { buildTestbed, writeManifestTo, type TestbedBuild, type TestbedOptions, type TestbedRecord } from "./buildTestbed";
export { ATTRIBUTES, buildFactWorld, CHARACTER_GROUPS, GAP_SOURCES, ITEM_KINDS, SKILL_ATTRIBUTE, SPLITS, trainedOn, type FactItem, type GapSource, type ItemKind, type Split } from "./factWorld";
export { accuracyByGap, accuracyByKind, cpuLlama, greedyAnswers, measureModel, type GapAccuracy, type KindAccuracy, type SanityFigures } from "./sanityFigures";
export { readTestbedManifest, type TestbedManifest } from "./testbedManifest";
export { readTestbedDataset, testbedDatasetLines, type TestbedQuestion } from "./testbedDataset";
export { itemCharacter, splitTestbed } from "./testbedSplit";
export { llamaServerBinary, startTeacherServer, type TeacherServer, type TeacherServerOptions } from "./teacherServer";
export { checkPython, DEBIAN_PACKAGES, freshWorkDir, pythonEnvironment, runPythonJob, type PythonEnvironment } from "./pythonTrainer";
export { ensureGgufPy } from "./ggufPySource";
export { relayCacheRoot, trainingDir } from "./projectPaths";
export { writeTestbedManifest } from "./testbedManifest";
