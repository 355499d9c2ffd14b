/** The report's reading of a scored take, shared by the app, the HTML page and the PDF. */
export {
  criteriaViews,
  dueMomentMs,
  gapMomentMs,
  metricPhrase,
  panelVerdict,
  redFlags,
  scoreAdjustments,
  scoreWord,
  SCORE_WORDS,
  topChanges,
  uniqueEvidence,
} from './summary';
export type {
  Adjustment,
  CriterionView,
  MetricPhrase,
  PanelVerdict,
  RedFlag,
  ReportChange,
  VerdictBand,
} from './summary';
export {
  deliveryDashboard,
  fillerSentence,
  FLUENT_FILLERS_PER_MINUTE,
  paceSentence,
} from './delivery';
export type { DeliveryDashboard, FillerVerdict, PaceVerdict } from './delivery';
export { annotateTranscript } from './transcript';
export type { TranscriptItem, WordMarks } from './transcript';
