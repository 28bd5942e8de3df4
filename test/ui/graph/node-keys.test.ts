import { describe, expect, it } from 'vitest';
import { neighbour } from '../../../src/ui/graph/node-keys';

const at = (id: string, x: number, y: number) => ({ id, x, y });
//   A(0,0)      B(100,0)
//         C(50,80)     D(160,100)
const items = [at('A', 0, 0), at('B', 100, 0), at('C', 50, 80), at('D', 160, 100)];
const from = (id: string) => items.find((i) => i.id === id)!;

describe('neighbour (arrow keys among graph objects)', () => {
  it('takes the nearest in the direction’s 90° cone', () => {
    expect(neighbour(from('A'), items, 'ArrowRight')?.id).toBe('B');
    expect(neighbour(from('A'), items, 'ArrowDown')?.id).toBe('C');
    expect(neighbour(from('B'), items, 'ArrowLeft')?.id).toBe('A');
    expect(neighbour(from('C'), items, 'ArrowRight')?.id).toBe('D');
    expect(neighbour(from('D'), items, 'ArrowUp')?.id).toBe('B');
  });
  it('answers null where nothing lies that way (the focus stays)', () => {
    expect(neighbour(from('A'), items, 'ArrowLeft')).toBeNull();
    expect(neighbour(from('A'), items, 'ArrowUp')).toBeNull();
    // B is up and to the left of D but outside the left cone (more up than left).
    expect(neighbour(from('D'), items, 'ArrowLeft')?.id).toBe('C');
  });
});
