/** Messages kept per refused stream: a stream of a million bad lines is reported by its first ones and a count. */
const messagesKept = 10;

/** Why a stream is not imported (or only in part), in the order its problems were found. */
export type Refusal = {
  messages: string[];
  /** Further problems, counted but not kept. */
  more: number;
  /** Set when the stream was refused after some of its lines were imported: the line it stopped at. */
  stoppedAt?: string;
};

/** The streams refused so far, by name, in the order they were refused. */
export type Refusals = Map<string, Refusal>;

/** Records a problem of `stream`: the stream is refused from now on. */
export const refuse = (refusals: Refusals, stream: string, message: string): void => {
  const refusal = refusals.get(stream);
  if (refusal === undefined) refusals.set(stream, { messages: [message], more: 0 });
  else if (refusal.messages.length < messagesKept) refusal.messages.push(message);
  else refusal.more++;
};

/** Bad lines that do not say which stream they belong to: the first ones, and how many there were. */
export type Unplaced = { messages: string[]; count: number };

/** Records a line whose stream cannot be told. */
export const unplace = (unplaced: Unplaced, message: string): void => {
  if (unplaced.messages.length < messagesKept) unplaced.messages.push(message);
  unplaced.count++;
};
