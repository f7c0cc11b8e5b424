namespace Vern.Infrastructure.Crypto;

/// <summary>
/// An entry of a hash chain kept in a table (an audit entry, a consent record): numbered without gaps, and
/// hashing its own fields together with its predecessor's hash.
/// </summary>
internal interface IChainEntry
{
    long Sequence { get; set; }
    string PreviousHash { get; set; }
    string Hash { get; set; }
}
