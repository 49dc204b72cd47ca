/** The test bed: a synthetic fact task, a teacher and a student fine-tuned on it, its data set and manifest. */
export { buildTestbed, writeManifestTo, type TestbedBuild, type TestbedOptions, type TestbedRecord } from "./buildTestbed";
export { ATTRIBUTES, buildFactWorld, ITEM_KINDS, trainedKinds, type FactItem, type ItemKind } from "./factWorld";
export { accuracyByKind, cpuLlama, greedyAnswers, measureModel, type KindAccuracy, type SanityFigures } from "./sanityFigures";
export { readTestbedManifest, type TestbedManifest } from "./testbedManifest";
export { readTestbedDataset, testbedDatasetLines, type TestbedQuestion } from "./testbedDataset";
export { itemCharacter, splitTestbed } from "./testbedSplit";
export { llamaServerBinary, startTeacherServer, type TeacherServer, type TeacherServerOptions } from "./teacherServer";
export { checkPython, DEBIAN_PACKAGES, freshWorkDir, pythonEnvironment, runPythonJob, type PythonEnvironment } from "./pythonTrainer";
export { ensureGgufPy } from "./ggufPySource";
export { relayCacheRoot, trainingDir } from "./projectPaths";
export { writeTestbedManifest } from "./testbedManifest";
