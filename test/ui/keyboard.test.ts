// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore } from '../../src/store';
import { bindKeyboard, isTyping } from '../../src/ui/keyboard';
import { fakeEngine } from '../store/fake-engine';

let unbind = () => {};
afterEach(() => unbind());

const press = (key: string, target: EventTarget = document.body) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

describe('presenter keys', () => {
  it('step, play, jump and help; none while typing in the editor', () => {
    const s = createAppStore(fakeEngine());
    s.getState().load('pci P1\na()\nb()\nc()\n');
    unbind = bindKeyboard(s);
    press('ArrowRight');
    press('ArrowRight');
    expect(s.getState().cursor).toBe(2);
    press('ArrowLeft');
    expect(s.getState().cursor).toBe(1);
    press('End');
    expect(s.getState().cursor).toBe(3);
    press('Home');
    expect(s.getState().cursor).toBe(0);
    press(' ');
    expect(s.getState().playing).toBe(true);
    press(' ');
    expect(s.getState().playing).toBe(false);
    press('h');
    expect(s.getState().helpOpen).toBe(true);
    press('Escape');
    expect(s.getState().helpOpen).toBe(false);

    const editor = document.createElement('div');
    editor.className = 'cm-editor';
    const line = document.createElement('div');
    editor.appendChild(line);
    document.body.appendChild(editor);
    expect(isTyping(line)).toBe(true);
    press('ArrowRight', line);
    expect(s.getState().cursor).toBe(0);
  });
});
