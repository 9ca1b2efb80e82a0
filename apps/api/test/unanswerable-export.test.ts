import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrainingData } from '@satprep/exporter';
import { answerKey, createTestApp, type TestApp } from './harness.ts';

const readJsonl = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { input: string; output: string; source?: string });

describe('outputs the tutor could not answer are left out of exports', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t?.close(); });

  it('exports an answered help request, note and community draft, but not the unanswerable ones', async () => {
    const s = await t.user({ name: 'Odalys Brennan' });
    const { sessionId, questions } = await s.api.practice.start({ skill: 'central-ideas-details', count: 2 });
    const key = await answerKey(t, questions.map((q) => q.id));
    await s.api.practice.submit({ sessionId, answers: questions.map((q) => ({ questionId: q.id, answer: key.get(q.id)!.wrong, timeSpentMs: 30_000 })) });
    const q = questions[0]!;
    const answered = await s.api.practice.help({ questionId: q.id, sessionId, query: 'Can I get a hint?', inputMode: 'text' });
    const refused = await s.api.practice.help({ questionId: q.id, sessionId, query: 'who won the game last night', inputMode: 'text' });
    expect(refused.answer).toMatch(/^I couldn't tell what you'd like to know/);
    const note = await s.api.notes.add({ text: "I don't get why the main idea has to cover the whole text", askTutor: true, questionId: q.id });
    const offNote = await s.api.notes.add({ text: 'pizza tonight', askTutor: true });
    const post = await s.api.community.postQuestion({ title: 'Given that?', body: 'How do you do the "given that" probability ones?' });
    const offPost = await s.api.community.postQuestion({ title: 'hi', body: 'anyone here?' });
    // A draft only reaches the export once accepted (or scored): accept both, so only the marker decides.
    for (const p of [post, offPost]) {
      await t.app.orm.em.fork().execute('update community_answers set accepted = true where id = ?', [p.answers[0]!.id]);
    }
    const versions = await t.app.orm.em.fork().execute<{ prompt_version: string }[]>('select prompt_version from help_requests where id = ?', [refused.helpRequestId]);
    expect(versions[0]!.prompt_version).toMatch(/\+unanswerable$/);

    const outDir = mkdtempSync(path.join(tmpdir(), 'satprep-unanswerable-'));
    const r = await exportTrainingData({ orm: t.app.orm }, { format: 'seed', outDir, secret: 'test-secret', trigger: 'test', mix: 'real', valRatio: 0, minLength: 1, minRating: 1, sources: ['help_requests', 'user_notes', 'community'] });
    const lines = readdirSync(outDir).filter((f) => f.endsWith('.jsonl') && !f.includes('metadata')).flatMap((f) => readJsonl(path.join(outDir, f)));
    expect(lines.length).toBe(r.manifest.counts.total);
    const outputs = lines.map((l) => l.output);
    expect(outputs).toContain(answered.answer);
    expect(outputs).toContain(note.aiResponse);
    expect(outputs).toContain(post.answers[0]!.body);
    expect(outputs).not.toContain(refused.answer);
    expect(outputs).not.toContain(offNote.aiResponse);
    expect(outputs).not.toContain(offPost.answers[0]!.body);
    expect(outputs.some((o) => /couldn't tell/.test(o))).toBe(false);
  });
});
