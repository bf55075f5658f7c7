/**
 * Questions about periodic reports (the quarterly integrated performance report, the annual
 * complaints report): the overall assessment and the forecast outturn exactly as reported, with the
 * period and the lines they come from; the financial health indicators; the headline figures.
 * Nothing is recomputed: two statements of one figure that disagree are both returned, with the
 * report's own note of the disagreement.
 */
import type { FinancialHealthIndicator, PeriodicReport, ReportedFigure, SourceRef } from '../model.js';
import type { Snapshot } from '../snapshot.js';
import { visibleRecords, type Audience } from '../visibility.js';

export interface ReportFilter {
  councilId?: string;
  kind?: PeriodicReport['kind'];
  /** Only reports that had gone to their meeting by this date (YYYY-MM-DD); reports with no meeting count as published. */
  publishedBy?: string;
  audience?: Audience;
}

/** The date a report went to its meeting, when the meeting is in the store. */
export function reportMeetingDate(snapshot: Snapshot, report: PeriodicReport): string | undefined {
  return report.meetingId ? snapshot.meeting(report.meetingId)?.date : undefined;
}

/** Reports, oldest period first (financial year, then quarter). */
export function periodicReports(snapshot: Snapshot, filter: ReportFilter = {}): PeriodicReport[] {
  const candidates = filter.councilId ? snapshot.reportsOf(filter.councilId) : snapshot.reports;
  const matching = candidates.filter((r) => {
    if (filter.kind && r.kind !== filter.kind) return false;
    if (filter.publishedBy) {
      const date = reportMeetingDate(snapshot, r);
      if (date && date > filter.publishedBy) return false;
    }
    return true;
  });
  return visibleRecords(matching, filter.audience, (r) => r.sensitivity).sort(
    (a, b) => (a.fyStartYear ?? 0) - (b.fyStartYear ?? 0) || (a.quarter ?? 0) - (b.quarter ?? 0) || a.id.localeCompare(b.id),
  );
}

/** The latest report of a kind for a council, as published by `today`. */
export function latestPeriodicReport(snapshot: Snapshot, councilId: string, kind: PeriodicReport['kind'], today: string, audience?: Audience): PeriodicReport | undefined {
  return periodicReports(snapshot, { councilId, kind, publishedBy: today, audience }).at(-1);
}

export interface AsReported<T> {
  value: T;
  /** The period the report gives it for ("Quarter 2, 2020/21"). */
  periodLabel: string;
  sentence: string;
  source: SourceRef;
}

/** The overall rating as reported ("amber"), never derived from anything else. */
export function overallAssessmentOf(report: PeriodicReport): AsReported<{ rating: string; ratingRaw: string }> | undefined {
  const a = report.overallAssessment;
  if (!a) return undefined;
  return { value: { rating: a.rating, ratingRaw: a.ratingRaw }, periodLabel: a.periodLabel, sentence: a.sentence, source: a.source };
}

export interface ForecastOutturn {
  /** Statements for the report's own period, in the report's order. */
  statements: ReportedFigure[];
  /** Statements for earlier periods the report compares with ("at quarter 1"). */
  comparisons: ReportedFigure[];
  /** False when the report states its own period's figure in more than one way. */
  statedOnce: boolean;
  /** The report's disagreements about it, to say to the user. */
  conflicts: string[];
}

export function forecastOutturnOf(report: PeriodicReport): ForecastOutturn | undefined {
  if (!report.forecastOutturn.length) return undefined;
  const statements = report.forecastOutturn.filter((f) => f.periodLabel === undefined || f.periodLabel === report.periodLabel);
  const comparisons = report.forecastOutturn.filter((f) => !statements.includes(f));
  const distinct = new Set(statements.map((f) => f.valueRaw));
  return {
    statements,
    comparisons,
    statedOnce: distinct.size <= 1,
    conflicts: report.conflicts.filter((c) => /forecast/i.test(c)),
  };
}

export function financialHealthIndicatorsOf(report: PeriodicReport, rating?: FinancialHealthIndicator['rating']): FinancialHealthIndicator[] {
  return report.financialHealthIndicators.filter((i) => !rating || i.rating === rating);
}

/** The report's figures, optionally of one group ("Complaint volumes 2019-20"), in the report's order. */
export function reportFigures(report: PeriodicReport, group?: string): ReportedFigure[] {
  if (!group) return [...report.figures];
  const wanted = group.toLowerCase();
  return report.figures.filter((f) => f.group?.toLowerCase() === wanted);
}

/** The groups of figures a report holds, in order. */
export function reportFigureGroups(report: PeriodicReport): string[] {
  return [...new Set(report.figures.flatMap((f) => (f.group ? [f.group] : [])))];
}
