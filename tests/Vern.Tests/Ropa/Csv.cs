using System.Text;

namespace Vern.Tests.Ropa;

/// <summary>An RFC 4180 reader, written apart from the exporter so that a test of one checks the other.</summary>
internal static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                    field.Append(text[++i]);
                else
                    quoted = false;
            }
            else if (c == '"')
            {
                Assert.True(field.Length == 0, $"A quote inside an unquoted field at character {i}");
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"A bare CR at character {i}");
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                Assert.True(c != '\n', $"A bare LF outside quotes at character {i}");
                field.Append(c);
            }
        }
        Assert.False(quoted, "The file ends inside a quoted field");
        Assert.True(field.Length == 0 && row.Count == 0, "The last record does not end with CRLF");
        return rows;
    }
}
