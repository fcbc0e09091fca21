namespace BatchLab.Data.Text;

/// <summary>
/// One document of a text corpus as UTF-8 bytes (the tokens: one per byte, vocabulary 256). A
/// document is the unit of the train / validation / test split, never cut between two splits.
/// </summary>
/// <param name="Name">What the document is called where it came from, e.g. "ca01" or "paragraph 12".</param>
public sealed record TextDocument(string Name, byte[] Bytes);
