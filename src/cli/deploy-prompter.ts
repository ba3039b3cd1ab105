import type * as InquirerPrompts from '@inquirer/prompts';
import type { CommandIo } from './command-io.js';

/** One choice of a {@link Prompter.select} question. */
export interface PromptChoice {
  readonly name: string;
  readonly value: string;
  readonly description?: string;
}

/**
 * The questions `sluice deploy` asks, behind an interface so its flow can be tested with
 * scripted answers; {@link inquirerPrompter} asks a person on a terminal.
 */
export interface Prompter {
  /** A line of text; `validate` returns an error message to ask again, or true. */
  input(question: { message: string; default?: string; validate?: (value: string) => string | true }): Promise<string>;
  /** A line of text that is not echoed. */
  password(question: { message: string; validate?: (value: string) => string | true }): Promise<string>;
  select(question: { message: string; choices: readonly PromptChoice[]; default?: string }): Promise<string>;
  confirm(question: { message: string; default: boolean }): Promise<boolean>;
}

/**
 * A {@link Prompter} on the terminal with `@inquirer/prompts`, reading `io.stdin` and drawing on
 * `io.stderr`, so stdout carries only the plan and the summary. The library is loaded on the
 * first question: `--yes` runs never pay for it.
 *
 * @example
 * ```ts
 * const region = await inquirerPrompter(processIo()).input({ message: 'AWS region', default: 'eu-west-1' });
 * ```
 */
export function inquirerPrompter(io: CommandIo): Prompter {
  const context = { input: io.stdin, output: io.stderr, clearPromptOnDone: false };
  const prompts = (): Promise<typeof InquirerPrompts> => import('@inquirer/prompts');
  return {
    async input(question) {
      const { input } = await prompts();
      return input(
        {
          message: question.message,
          ...(question.default !== undefined && { default: question.default }),
          ...(question.validate && { validate: question.validate }),
        },
        context,
      );
    },
    async password(question) {
      const { password } = await prompts();
      return password({ message: question.message, mask: '*', ...(question.validate && { validate: question.validate }) }, context);
    },
    async select(question) {
      const { select } = await prompts();
      return select(
        {
          message: question.message,
          choices: question.choices.map((choice) => ({ ...choice })),
          ...(question.default !== undefined && { default: question.default }),
          pageSize: 12,
        },
        context,
      );
    },
    async confirm(question) {
      const { confirm } = await prompts();
      return confirm({ message: question.message, default: question.default }, context);
    },
  };
}
