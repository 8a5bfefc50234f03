// Parley's reply player. Installed once into the parent Streamlit page (its own realm), so audio
// keeps playing across reruns and after the iframe that delivered a chunk is gone. Chunks are
// scheduled one after another on one AudioContext clock, a sentence's pause apart (no overlaps), in sequence order
// even when their iframes load out of order, and a chunk seen before is never replayed.
window.__parleyPlayer = {
  ctx: null, nextTime: 0, turn: null, expected: 0, pending: {}, sources: [], seen: new Set(), log: [],
  context() {
    if (!this.ctx) this.ctx = new (window.AudioContext || window.webkitAudioContext)();
    if (this.ctx.state === "suspended") this.ctx.resume();
    return this.ctx;
  },
  stop() {
    this.sources.forEach((s) => { try { s.stop(); } catch (e) {} });
    this.sources = []; this.pending = {}; this.nextTime = 0; this.turn = null;
    this.log.push({ event: "stop", at: this.ctx ? this.ctx.currentTime : 0 });
  },
  async enqueue(turn, seq, b64, pause) {
    const id = turn + ":" + seq;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (turn !== this.turn) { this.stop(); this.turn = turn; this.expected = 0; }
    const ctx = this.context();
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const buffer = await ctx.decodeAudioData(bytes.buffer);
    if (this.turn !== turn) return;  // stopped while decoding
    this.pending[seq] = buffer;
    while (this.pending[this.expected]) {
      const next = this.pending[this.expected];
      delete this.pending[this.expected];
      const source = ctx.createBufferSource();
      source.buffer = next;
      source.connect(ctx.destination);
      const gap = this.expected > 0 ? (pause || 0) : 0;  // a sentence's pause between chunks
      const due = this.nextTime + gap;
      const start = Math.max(ctx.currentTime + 0.02, due);
      source.start(start);
      this.nextTime = start + next.duration;
      this.sources.push(source);
      source.onended = () => { this.sources = this.sources.filter((s) => s !== source); };
      // late: silence beyond the pause, because the chunk arrived after the previous one ended
      this.log.push({ event: "play", turn: turn, seq: this.expected, start: start, duration: next.duration,
                      pause: gap, late: this.expected > 0 ? Math.max(0, start - due) : 0 });
      this.expected += 1;
    }
  },
};
