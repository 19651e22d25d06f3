import password from '@inquirer/password';
import { AppError } from '../common/errors';

/** Reads all of stdin; one trailing newline (as `echo` or a here-string adds) is not part of the secret. */
export async function readSecretFromStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for the secret on the terminal without echoing it; the prompt goes to stderr so stdout stays clean. */
export async function promptForSecret(
  question: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  try {
    return await password({ message: question }, { input, output });
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new AppError('cancelled', 'Cancelled: no profile was added.');
    }
    throw error;
  }
}
