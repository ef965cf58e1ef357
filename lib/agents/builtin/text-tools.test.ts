import { describe, expect, it } from 'vitest';
import { BuiltinError } from './input';
import {
  countWords,
  extractKeywords,
  keywordsOf,
  splitSentences,
  summarize,
  summarizeText,
  wordsOf,
} from './text-tools';

const ARTICLE = [
  'Solar panels convert sunlight into electricity.',
  'The weather was pleasant on Tuesday.',
  'Modern solar panels reach an efficiency above twenty percent.',
  'Installing solar panels on roofs lowers electricity bills.',
  'My cousin likes jazz.',
].join(' ');

describe('count_words', () => {
  it('counts the quoted text when there is one', () => {
    expect(countWords({ text: "count the words in 'Hello world'" })).toEqual({
      output: { words: 2 },
      text: '2 words',
    });
    expect(countWords({ text: 'How many words are in “the quick brown fox”?' }).output).toEqual({
      words: 4,
    });
  });

  it('counts the text after the instruction, or the dependency output', () => {
    expect(countWords({ text: 'count the words: one two three' }).output).toEqual({ words: 3 });
    expect(
      countWords({ text: 'count the words of the previous result', context: 'a b c d e' }).output,
    ).toEqual({
      words: 5,
    });
    expect(countWords({ text: 'one' }).text).toBe('1 word');
  });

  it('keeps contractions and hyphenated words whole', () => {
    expect(wordsOf("Don't split state-of-the-art, 3.5 ok")).toEqual([
      "Don't",
      'split',
      'state-of-the-art',
      '3',
      '5',
      'ok',
    ]);
  });

  it('says when there is nothing to count', () => {
    expect(() => countWords({ text: 'count the words' })).toThrow(BuiltinError);
  });
});

describe('summarize', () => {
  it('picks the sentences about the main topic, in their original order', () => {
    const { summary, sentences } = summarizeText(ARTICLE, 2);
    expect(sentences).toEqual([
      'Solar panels convert sunlight into electricity.',
      'Installing solar panels on roofs lowers electricity bills.',
    ]);
    expect(summary).toBe(sentences.join(' '));
  });

  it('is deterministic, and honours "in N sentences"', () => {
    const first = summarize({ text: `Summarize in 2 sentences: ${ARTICLE}` });
    const second = summarize({ text: `Summarize in 2 sentences: ${ARTICLE}` });
    expect(first).toEqual(second);
    expect((first.output as { sentences: string[] }).sentences).toHaveLength(2);
    expect(summarize({ text: `summarize in one sentence: ${ARTICLE}` }).text).toBe(
      'Solar panels convert sunlight into electricity.',
    );
  });

  it('takes the whole passage after the colon, quotes inside it included', () => {
    const text =
      'Summarize in one sentence: The mayor said "no comment" twice. Solar panels are cheap.';
    expect(summarize({ text }).text).not.toBe('no comment');
    expect(countWords({ text: "count the words in: 'Hello big world'" }).output).toEqual({
      words: 3,
    });
  });

  it('summarizes the dependency output when the input is only the instruction', () => {
    expect(
      summarize({ text: 'summarize the text', context: [{ ref: 't1', output: ARTICLE }] }).text,
    ).toContain('Solar panels');
  });

  it('splits sentences on end punctuation and blank lines', () => {
    expect(splitSentences('One. Two! Three?\n\nFour')).toEqual(['One.', 'Two!', 'Three?', 'Four']);
  });
});

describe('extract_keywords', () => {
  it('ranks content words by frequency, stopwords removed, ties by first occurrence', () => {
    expect(keywordsOf(ARTICLE, 3)).toEqual([
      { keyword: 'solar', count: 3 },
      { keyword: 'panels', count: 3 },
      { keyword: 'electricity', count: 2 },
    ]);
  });

  it('honours "top N" and is deterministic', () => {
    const result = extractKeywords({ text: `extract the top 2 keywords from: ${ARTICLE}` });
    expect(result).toEqual({
      output: {
        keywords: ['solar', 'panels'],
        counts: [
          { keyword: 'solar', count: 3 },
          { keyword: 'panels', count: 3 },
        ],
      },
      text: 'solar, panels',
    });
    expect(extractKeywords({ text: ARTICLE }).output).toMatchObject({
      keywords: ['solar', 'panels', 'electricity', 'convert', 'sunlight'],
    });
  });
});
