// Annotations on articles (W3C Web Annotation Data Model): building and reading annotations, their
// files, and re-anchoring them in changed text. Pure; the file store is in ./store (node:fs).
export * from './model';
export { contextLength, createAnnotation, normaliseTags, selectorsFor, summarize, withNote, withTarget } from './annotation';
export type { NewAnnotation } from './annotation';
export { anchorAnnotation } from './anchor';
export type { AnchorSelectors } from './anchor';
export { AnnotationFileError, emptyAnnotationPage, lineAndColumn, parseAnnotationFile, serializeAnnotationPage } from './format';
export type { ParsedAnnotationFile, SkippedItem } from './format';
