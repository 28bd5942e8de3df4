import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../../src/scn';
import { cardAt, narration } from '../../src/ui/presenter/cards';

const TALK = `## Intro
pci P1 pasids=1048576 siov
mdev m1 parent=P1
container C
## First AUX.
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0
## Then attach:
## a domain appears.
##
## Second paragraph.
vfio_attach_group(C, G_m1) => 0
driver_get_domain(m1) ## inline note
## The end.
`;

describe('narration cards', () => {
  const p = parseScenario(TALK);
  const run = runScenario(p.script, 'v3-group-flag');
  const notes = p.script.stmts.flatMap((s) => (s.kind === 'note' ? [s] : []));
  const cards = narration(notes, run.entries);
  it('anchors notes to the statement after them, intro at the start, trailing ones at the end', () => {
    expect(cards).toEqual([
      { at: 0, paragraphs: ['Intro'] },
      { at: 1, paragraphs: ['First AUX.'] },
      { at: 2, paragraphs: ['Then attach: a domain appears.', 'Second paragraph.'] },
      { at: 3, paragraphs: ['inline note', 'The end.'] },
    ]);
  });
  it('keeps a card up until the next one', () => {
    expect(cardAt(cards, 0)).toEqual({ card: cards[0], fresh: true });
    expect(cardAt([{ at: 1, paragraphs: ['x'] }], 2)).toEqual({ card: { at: 1, paragraphs: ['x'] }, fresh: false });
    expect(cardAt([{ at: 1, paragraphs: ['x'] }], 0)).toBeNull();
  });
});
