/** Periodic reports: integrated performance reports and complaints annual reports, as reported. */
export {
  financialHealthIndicatorsOf,
  forecastOutturnOf,
  latestPeriodicReport,
  overallAssessmentOf,
  periodicReports,
  reportFigureGroups,
  reportFigures,
  reportMeetingDate,
  type AsReported,
  type ForecastOutturn,
  type ReportFilter,
} from './report-queries.js';
