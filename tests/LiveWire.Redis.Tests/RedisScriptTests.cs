using System.Text.RegularExpressions;
using LiveWire.Redis.Internal;

namespace LiveWire.Redis.Tests;

/// <summary>The Lua scripts are files, one a script, each naming the keys and arguments it takes before its code.</summary>
public sealed partial class RedisScriptTests
{
    [GeneratedRegex(@"\b(KEYS|ARGV)\[(\d+)\]")]
    private static partial Regex IndexedUse();

    [GeneratedRegex(@"^local \w+ = (?:tonumber\()?(KEYS|ARGV)\[(\d+)\]\)?\s*(--.*)?$")]
    private static partial Regex Naming();

    [Fact]
    public void Every_embedded_script_is_one_the_stores_run()
    {
        var embedded = typeof(RedisScript).Assembly.GetManifestResourceNames()
            .Where(name => name.EndsWith(".lua", StringComparison.Ordinal))
            .Select(name => name["LiveWire.Redis.Scripts.".Length..])
            .Order(StringComparer.Ordinal);

        Assert.Equal(RedisScript.All.Select(script => script.Name).Order(StringComparer.Ordinal), embedded);
    }

    [Fact]
    public void Every_script_names_each_key_and_argument_once_in_its_first_lines_and_the_arguments_from_the_first()
    {
        foreach (var script in RedisScript.All)
        {
            var lines = script.Text.Split('\n').Select(line => line.Trim()).ToArray();
            var firstCode = Array.FindIndex(lines, line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal) && !Naming().IsMatch(line));
            var named = new List<(string Table, int Index)>();
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match use in IndexedUse().Matches(lines[i]))
                {
                    Assert.True(i < firstCode && Naming().IsMatch(lines[i]), $"{script}, line {i + 1}: {use.Value} is used where it is not named: {lines[i]}");
                    named.Add((use.Groups[1].Value, int.Parse(use.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            Assert.True(named.Count == named.Distinct().Count(), $"{script} names a key or argument twice");
            var arguments = named.Where(n => n.Table == "ARGV").Select(n => n.Index).Order().ToArray();
            Assert.True(arguments.SequenceEqual(Enumerable.Range(1, arguments.Length)), $"{script} leaves an argument unnamed");
        }
    }
}
