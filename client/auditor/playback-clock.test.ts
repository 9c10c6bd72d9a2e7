import { describe, expect, it } from 'vitest';
import { PlaybackClock } from './playback-clock.js';

function clockAt(lengthMs = 10_000) {
  let wall = 1_000_000;
  const clock = new PlaybackClock(lengthMs, () => wall);
  return { clock, advance: (ms: number) => (wall += ms) };
}

describe('PlaybackClock', () => {
  it('stands still until played, then follows the time source at the chosen rate', () => {
    const { clock, advance } = clockAt();
    advance(500);
    expect(clock.positionMs).toBe(0);
    clock.play();
    advance(1_000);
    expect(clock.positionMs).toBe(1_000);
    clock.setRate(2);
    advance(1_000);
    expect(clock.positionMs).toBe(3_000);
    clock.pause();
    advance(5_000);
    expect(clock.positionMs).toBe(3_000);
    expect(clock.playing).toBe(false);
  });

  it('keeps its place while held, without forgetting that the user wants playback', () => {
    const { clock, advance } = clockAt();
    clock.play();
    advance(1_000);
    clock.hold(true);
    advance(2_000);
    expect(clock.positionMs).toBe(1_000);
    expect(clock.playing).toBe(true);
    expect(clock.running).toBe(false);
    clock.hold(false);
    advance(500);
    expect(clock.positionMs).toBe(1_500);
  });

  it('seeks within the call and stops at its end', () => {
    const { clock, advance } = clockAt(10_000);
    clock.seek(-50);
    expect(clock.positionMs).toBe(0);
    clock.seek(9_000);
    clock.play();
    advance(3_000);
    expect(clock.positionMs).toBe(10_000);
    expect(clock.atEnd).toBe(true);
    clock.seek(20_000);
    expect(clock.positionMs).toBe(10_000);
  });

  it('plays from the start again once it had reached the end', () => {
    const { clock, advance } = clockAt(2_000);
    clock.seek(2_000);
    clock.play();
    advance(400);
    expect(clock.positionMs).toBe(400);
  });

  it('refuses a rate that would stop or reverse time', () => {
    const { clock } = clockAt();
    expect(() => clock.setRate(0)).toThrow(RangeError);
    expect(() => clock.setRate(Number.NaN)).toThrow(RangeError);
  });
});
