using Vern.Infrastructure.Texts;

namespace Vern.Features.Policies.Notices;

/// <summary>The notice of a significant policy change, and what an access package says of the notices a person was sent.</summary>
internal sealed record NoticeTexts(
    string Subject, string Intro, string WhatChanges, string ReadChanges, string Why,
    string SourceTitle, string SourceOrigin, string NothingHeld, string Erased) : ITexts;
