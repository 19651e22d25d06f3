import { createInterface } from 'node:readline/promises';

/**
 * Asks a yes/no question on the terminal; only "y" or "yes" confirms. Ctrl+C or Ctrl+D at the
 * question (readline rejects it as aborted) is a no, like any other answer that is not a yes.
 */
export async function askConfirmation(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<boolean> {
  const prompt = createInterface({ input, output, terminal: true });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } catch {
    output.write('\n');
    return false;
  } finally {
    prompt.close();
  }
}
