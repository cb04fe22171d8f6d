import { parseCsv } from './csv-body';
import { slugOf } from '../../common/http/filename';
import { protectCell, splitList, unprotectCell } from './csv-format';

const HEADER = 'reference,title,text,policyArea,priority,addressees,owners';

describe('CSV format', () => {
  it('defuses formula cells and gives them back exactly', () => {
    for (const value of ['=SUM(A1)', '+1', '-5', '@x', '\tx', '\rx', "'=x", "''+x", "'plain", 'plain', '']) {
      expect(unprotectCell(protectCell(value))).toBe(value);
    }
    expect(protectCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(protectCell("'plain")).toBe("'plain");
  });

  it('splits lists and slugs office names', () => {
    expect(splitList(' Congress;DHS ; ;USTR ')).toEqual(['Congress', 'DHS', 'USTR']);
    expect(slugOf('U.S.–Mexico Desk (Café)')).toBe('u-s-mexico-desk-cafe');
    expect(slugOf('–––')).toBe('office');
  });

  it('numbers rows by the line they start on, whatever the line breaks inside cells', () => {
    for (const nl of ['\n', '\r\n']) {
      const text = [HEADER, '', `A,T,"one${nl}two${nl}three",x,low,,`, ',,,,,,', 'B,T,x,x,low,,'].join(nl) + nl;
      expect(parseCsv(text).rows.map((r) => [r.cells.reference, r.line])).toEqual([
        ['A', 3],
        ['B', 7],
      ]);
    }
  });
});
