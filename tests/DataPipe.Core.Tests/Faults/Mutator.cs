using System.Text;

namespace DataPipe.Core.Tests.Faults;

/// <summary>Seeded damage to valid input bytes: bit flips, truncations, spliced records, huge lengths, deep nesting.</summary>
public sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] valid)
    {
        var bytes = new List<byte>(valid);
        int rounds = 1 + _random.Next(3);
        for (int r = 0; r < rounds && bytes.Count > 0; r++)
        {
            switch (_random.Next(6))
            {
                case 0: // bit flips
                    for (int i = 0, n = 1 + _random.Next(8); i < n; i++)
                        bytes[_random.Next(bytes.Count)] ^= (byte)(1 << _random.Next(8));
                    break;
                case 1: // truncation
                    int cut = _random.Next(bytes.Count);
                    bytes.RemoveRange(cut, bytes.Count - cut);
                    break;
                case 2: // splice: a chunk copied from elsewhere, landing mid-record
                    {
                        int from = _random.Next(bytes.Count), length = Math.Min(bytes.Count - from, 1 + _random.Next(400));
                        var chunk = bytes.GetRange(from, length);
                        bytes.InsertRange(_random.Next(bytes.Count), chunk);
                        break;
                    }
                case 3: // huge length: a line far over the record limit
                    bytes.InsertRange(_random.Next(bytes.Count), Encoding.ASCII.GetBytes("{\"text\":\"" + new string('x', 70_000 + _random.Next(200_000))));
                    break;
                case 4: // deep nesting and huge numbers
                    bytes.InsertRange(_random.Next(bytes.Count), Encoding.ASCII.GetBytes("\n{\"text\":" + new string('[', 5_000 + _random.Next(5_000)) + "1e99999999\n"));
                    break;
                default: // stray control and invalid UTF-8 bytes
                    for (int i = 0, n = 1 + _random.Next(6); i < n; i++)
                        bytes.Insert(_random.Next(bytes.Count), (byte)(_random.Next(2) == 0 ? _random.Next(32) : 0x80 + _random.Next(128)));
                    break;
            }
        }
        return bytes.ToArray();
    }
}
