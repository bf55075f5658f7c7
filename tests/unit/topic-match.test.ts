/**
 * Finding an item by topic when its title varies between the agenda, the report and the work
 * programme (domain.md §5 item 11), without aliases to lean on.
 */
import { describe, expect, it } from 'vitest';
import { matchTopic, topMatches, topicFeatures, type TopicCandidate } from '../../src/domain/topic-match.js';

function candidates(titles: Record<string, string>): TopicCandidate<string>[] {
  return Object.entries(titles).map(([id, title]) => ({ id, titles: [title], value: id }));
}

const PROGRAMME = candidates({
  q4q1: 'Performance Report – Quarter 4 2019/20 and Quarter 1 2020/21',
  q2: 'Integrated Performance Report - Quarter 2, 2020/21',
  q3: 'Performance Report – Quarter 3 2020/21',
  complaints: 'Customer Feedback and Complaints Service - Annual Report 2019-20 (Corporate Services)',
  communities: 'Communities Principle - Update and Plan for 2020/21',
  mtfs: 'Medium Term Financial Strategy Working Group - Final Report',
  lep: 'Scrutiny of the LEP (Joint meeting with Stoke City Council) at Stoke City Council',
  covid: 'Covid -19 update',
  digital: 'Digital Strategy',
  outbreak: 'The Local Outbreak Control Plan',
  workProgramme: 'Work Programme',
});

function best(query: string, list = PROGRAMME): string[] {
  return topMatches(matchTopic(query, list)).map((m) => m.candidate.id);
}

describe('topic matching across title variants', () => {
  it('"Performance Report" and "Integrated Performance Report" are the same series', () => {
    expect(best('integrated performance report').sort()).toEqual(['q2', 'q3', 'q4q1']);
    expect(best('performance report').sort()).toEqual(['q2', 'q3', 'q4q1']);
    expect(best('IPR').sort()).toEqual(['q2', 'q3', 'q4q1']);
  });

  it('a quarter is a hard constraint: Q3 is never the Quarter 2 report, and the combined Q4/Q1 report is the Q1 report', () => {
    expect(best('Q3 performance report')).toEqual(['q3']);
    expect(best('the third quarter integrated performance report')).toEqual(['q3']);
    expect(best('quarter 2 IPR')).toEqual(['q2']);
    expect(best('Q1 performance report')).toEqual(['q4q1']);
    expect(best('Q3 performance report 2019/20')).toEqual([]);
  });

  it('"Corporate Complaints Annual Report" finds "Customer Feedback and Complaints Service – Annual Report", and back', () => {
    expect(best('Corporate Complaints Annual Report')).toEqual(['complaints']);
    const reverse = candidates({ wp: 'Corporate Complaints Annual Report', other: 'Digital Strategy' });
    expect(best('Customer Feedback and Complaints Service – Annual Report 2019-20', reverse)).toEqual(['wp']);
  });

  it('"Communities Principles" finds "Communities Principle - Update and Plan for 2020/21"', () => {
    expect(best('communities principles')).toEqual(['communities']);
    expect(best('Communities Principle – Update and Delivery Plan')).toEqual(['communities']);
  });

  it('abbreviations expand: MTFS, LEP; spellings of Covid-19 agree', () => {
    expect(best('MTFS working group final report')).toEqual(['mtfs']);
    expect(best('LEP')).toEqual(['lep']);
    expect(best('the Covid-19 update')).toEqual(['covid']);
    expect(best('COVID 19 update')).toEqual(['covid']);
  });

  it('tolerates a one-letter typo in a longer word', () => {
    expect(best('digitl strategy')).toEqual(['digital']);
    expect(best('outbreak controll plan')).toEqual(['outbreak']);
  });

  it('generic words alone match nothing, and unrelated topics match nothing', () => {
    expect(best('report')).toEqual([]);
    expect(best('annual update')).toEqual([]);
    expect(best('property disposal')).toEqual([]);
  });

  it('reads quarters and financial years in their written forms', () => {
    expect(topicFeatures('Performance Report – Quarter 4 2019/20 and Quarter 1 2020/21')).toMatchObject({ quarters: [4, 1], years: ['2019/20', '2020/21'] });
    expect(topicFeatures('Q2 2020-21 IPR')).toMatchObject({ quarters: [2], years: ['2020/21'], words: ['quarter', 'performance', 'report'] });
    expect(topicFeatures('second quarter 2020/2021')).toMatchObject({ quarters: [2], years: ['2020/21'] });
  });
});
