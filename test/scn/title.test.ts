import { describe, expect, it } from 'vitest';
import { scenarioTitle } from '../../src/scn';
import { titleOf } from '../../src/share/open-file';
import { libraryFiles, libraryText } from '../library';

describe('a scenario title: its first non-blank line, if a # comment', () => {
  it('reads the first # line, without the #s and the spaces after them', () => {
    expect(scenarioTitle('# Stale group flag\npci P1\n')).toBe('Stale group flag');
    expect(scenarioTitle('\n  \n## two marks  \n# later\n')).toBe('two marks');
    expect(scenarioTitle('#no space')).toBe('no space');
  });
  it('is empty when the first line is a statement, or the text blank', () => {
    expect(scenarioTitle('pci P1\n# not the title\n')).toBe('');
    expect(scenarioTitle('')).toBe('');
    expect(scenarioTitle('\n\n  \n')).toBe('');
    expect(scenarioTitle('   # last line, no newline')).toBe('last line, no newline');
  });
  it('finds a title below many blank lines, and a file name cuts it to 120 characters', () => {
    expect(scenarioTitle(`${'\n'.repeat(80)}# far down`)).toBe('far down');
    expect(titleOf(`# ${'x'.repeat(200)}`)).toBe('x'.repeat(120));
  });
  it('every library scenario has one', () => {
    for (const f of libraryFiles()) expect(scenarioTitle(libraryText(f)), f).not.toBe('');
  });
});
