using System.Text;

namespace Vigil.Node.Ingest;

/// <summary>
/// TextReader.ReadLine with a length cap: a file that is one endless line must fail with a line number,
/// not exhaust memory first. Ends lines at \n, \r or \r\n, as ReadLine does.
/// </summary>
internal sealed class LineReader(TextReader reader, int maxChars)
{
    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder line = new();
    private int position;
    private int length;

    /// <summary>The next line, or null at the end; throws <see cref="LineTooLongException"/> past the cap.</summary>
    public string? ReadLine()
    {
        line.Clear();
        var any = false;
        while (true)
        {
            if (position == length)
            {
                length = reader.Read(buffer, 0, buffer.Length);
                position = 0;
                if (length == 0) return any ? line.ToString() : null;
            }
            any = true;
            var start = position;
            while (position < length && buffer[position] is not ('\n' or '\r')) position++;
            Append(start, position - start);
            if (position == length) continue;

            var end = buffer[position++];
            if (end == '\r')
            {
                if (position == length)
                {
                    length = reader.Read(buffer, 0, buffer.Length);
                    position = 0;
                }
                if (position < length && buffer[position] == '\n') position++;
            }
            return line.ToString();
        }
    }

    private void Append(int start, int count)
    {
        if (line.Length + count > maxChars) throw new LineTooLongException(maxChars);
        line.Append(buffer, start, count);
    }
}

/// <summary>A line went past the reader's cap.</summary>
internal sealed class LineTooLongException(int maxChars) : Exception($"the line is longer than {maxChars} characters");
