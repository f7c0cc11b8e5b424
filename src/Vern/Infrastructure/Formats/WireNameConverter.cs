using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Vern.Infrastructure.Formats;

/// <summary>
/// Stores an enum as its <see cref="WireNames">wire name</see> (<c>HasConversion&lt;WireNameConverter&lt;T&gt;&gt;()</c>),
/// the text the column held before the value was typed, so no row changes and queries compare the same strings.
/// </summary>
internal sealed class WireNameConverter<TEnum>() : ValueConverter<TEnum, string>(v => v.ToWire(), s => WireNames.Parse<TEnum>(s))
    where TEnum : struct, Enum;
