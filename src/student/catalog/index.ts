/** The student model catalog: recommended models, their fit on this machine, downloads and the models already downloaded. */
export { downloadStudentModel, huggingFaceEndpoint, StudentDownloadError, type StudentDownloadFailure, type StudentDownloadOptions } from "./downloadStudentModel";
export { isNetworkUnreachable } from "./networkUnreachable";
export { recommendedStudents, quantizationOf, type RecommendedStudent } from "./recommendedStudents";
export { fitOf, fitLabel, sizeLabel, type Fit, type FitEstimate, type MachineMemory } from "./fitLabel";
export { estimateStudentFit, readMachineMemory, type StudentFit } from "./estimateStudentFit";
export { defaultModelsDirectory, listDownloadedStudentModels, deleteDownloadedStudentModel, type DownloadedStudentModel } from "./downloadedStudentModels";
