using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using KestrelServerOptions = Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions;

namespace Vern.Infrastructure.Hosting;

/// <summary>
/// Every endpoint takes a body of at most <see cref="DefaultMaxBytes"/>, or what its
/// <see cref="IRequestSizeLimitMetadata"/> (such as <c>[RequestSizeLimit]</c>) allows, and answers a larger
/// one with <c>413</c> and problem details naming the body. A declared length over the limit is refused
/// before anything is read; a body without one stops being read at the limit.
/// </summary>
internal sealed class BodyLimits(RequestDelegate next, IOptions<KestrelServerOptions> kestrel)
{
    /// <summary>Enough for every public form and API call, whose fields are limited to a few thousand characters.</summary>
    public const long DefaultMaxBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var declared = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        if ((declared is null ? DefaultMaxBytes : declared.MaxRequestBodySize) is not { } limit)
        {
            await next(context);
            return;
        }
        // The server keeps its own, larger limit: after the answer it reads and discards the rest of a
        // refused body, so the connection stays usable and the client reads the 413 instead of a reset.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            server.MaxRequestBodySize = kestrel.Value.Limits.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }
        context.Request.Body = new LimitedBody(context.Request.Body, limit);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLargeAsync(context, limit);
            return;
        }
        // Minimal API binding catches the exception itself and leaves a bare 413.
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            await TooLargeAsync(context, limit);
    }

    private static Task TooLargeAsync(HttpContext context, long limit) =>
        Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The body must be at most {limit} bytes."] },
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "The body is too large.")
            .ExecuteAsync(context);

    /// <summary>The request body, failing with 413 once more than the limit has been read.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge) : bytes;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
