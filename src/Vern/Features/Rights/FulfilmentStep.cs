namespace Vern.Features.Rights;

/// <summary>What one step of carrying out a request came to (<see cref="RightsFulfilment.ProcessAsync"/>).</summary>
internal abstract record FulfilmentStep
{
    private FulfilmentStep()
    {
    }

    /// <summary>Every source answered: the request is closed and the person told what each did.</summary>
    public sealed record Completed(IReadOnlyList<Outcome> Outcomes) : FulfilmentStep;

    /// <summary>An external source is due a retry: the request stays in progress until then.</summary>
    public sealed record WaitingForRetry : FulfilmentStep;

    /// <summary>The package is built and waits for a privacy officer's approval (<c>Rights:ReviewAccess</c>).</summary>
    public sealed record AwaitingReview : FulfilmentStep;

    /// <summary>Nothing was found under the address: the request is closed and the person told how to offer another identifier.</summary>
    public sealed record Unidentified : FulfilmentStep;
}
