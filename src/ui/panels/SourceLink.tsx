/**
 * A kernel function name that links to its definition in the kernel version (or proposal
 * patch) the current design models — src/kernel-src. A link is only a link: it opens in a new
 * tab and nothing is fetched, so the page works offline the same.
 */
import type { ReactNode } from 'react';
import { sourceLink, TABLE } from '../../kernel-src';
import type { AppState } from '../../store';
import { useApp } from '../store-context';
import './source-link.css';

const selectDesign = (s: AppState) => s.design as string;

export function SourceLink({ fn, children }: { fn: string; children?: ReactNode }) {
  const design = useApp(selectDesign);
  const link = sourceLink(fn, design);
  if (!link) return <>{children ?? fn}</>;
  return (
    <a className="src-link" href={link.href} target="_blank" rel="noopener noreferrer" title={`${link.title} — opens in a new tab`} data-src-link={fn}>
      {children ?? fn}
    </a>
  );
}

/** Text with every known kernel function name in it turned into a SourceLink. */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(/([A-Za-z_]\w*)/);
  return <>{parts.map((p, i) => (i % 2 === 1 && TABLE.functions[p] ? <SourceLink key={i} fn={p} /> : p))}</>;
}
