namespace Vern.Features.Model;

/// <summary>One problem in a definition, located as an editor would: file, line and field.</summary>
internal sealed record ModelError(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Field}: {Message}";
}
