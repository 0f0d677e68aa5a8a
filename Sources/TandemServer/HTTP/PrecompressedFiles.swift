// Static files, precompressed: answers a GET or HEAD for a file of the web root with its
// Brotli (`name.br`) or gzip (`name.gz`) sibling, made at build time by `make precompress`,
// when the client accepts that coding — Brotli first, gzip next, the file itself otherwise
// (left to Hummingbird's FileMiddleware). References: RFC 9110 §8.4 (Content-Encoding: the
// media type stays the original file's), §12.5.3 (Accept-Encoding, q-values, `*`), §12.5.5
// (Vary: every answer for a file that has variants says Vary: Accept-Encoding, so caches keep
// them apart), §13.1.2 (If-None-Match). A sibling older than its file is stale and ignored, so
// an edited page file is never answered with its old compressed bytes.

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOPosix

/// Serves `name.br` / `name.gz` in place of `name` for clients that accept the coding.
struct PrecompressedFiles<Context: RequestContext>: RouterMiddleware {
    /// The content codings served, in order of preference, with their file suffixes.
    static var codings: [(name: String, suffix: String)] { [("br", ".br"), ("gzip", ".gz")] }

    let files: LocalFileSystem

    init(root: String, threadPool: NIOThreadPool = .singleton, logger: Logger) {
        files = LocalFileSystem(rootFolder: root, threadPool: threadPool, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head, let path = Self.filePath(request.uri.path),
              let id = files.getFileIdentifier(path), let original = try await files.getAttributes(id: id), !original.isFolder
        else { return try await next(request, context) }
        var variants: [(coding: String, id: String, attributes: LocalFileSystem.FileAttributes)] = []
        for coding in Self.codings {
            guard let variantID = files.getFileIdentifier(path + coding.suffix),
                  let attributes = try await files.getAttributes(id: variantID), !attributes.isFolder,
                  attributes.modificationDate >= original.modificationDate else { continue }
            variants.append((coding.name, variantID, attributes))
        }
        guard !variants.isEmpty else { return try await next(request, context) }
        let accepted = request.headers[values: .acceptEncoding].joined(separator: ",")
        guard let chosen = variants.first(where: { Self.accepts(accepted, coding: $0.coding) }) else {
            var response = try await next(request, context)  // the file itself
            response.headers[.vary] = "Accept-Encoding"
            return response
        }
        return try await answer(request, context: context, path: path, coding: chosen.coding, id: chosen.id, attributes: chosen.attributes)
    }

    /// The answer with the variant's bytes and the original's media type.
    func answer(_ request: Request, context: Context, path: String, coding: String, id: String,
                attributes: LocalFileSystem.FileAttributes) async throws -> Response {
        var headers = HTTPFields()
        let eTag = "W/\"\(Int64(attributes.modificationDate.timeIntervalSince1970))-\(attributes.size)-\(coding)\""
        if let type = Self.mediaType(of: path) { headers[.contentType] = type }
        headers[.contentEncoding] = coding
        headers[.vary] = "Accept-Encoding"
        headers[.eTag] = eTag
        context.coreContext.endpointPath.value = "FileMiddleware"
        if request.headers[values: .ifNoneMatch].contains(where: { $0 == eTag || $0 == "*" }) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(attributes.size)
        if request.method == .head { return Response(status: .ok, headers: headers, body: .init()) }
        return Response(status: .ok, headers: headers, body: try await files.loadFile(id: id, context: context))
    }

    /// The file a request path names below the root (a folder's index.html), or nil for a path
    /// that is not a plain relative file path (percent-encoding errors, `..`).
    static func filePath(_ uriPath: String) -> String? {
        guard let path = uriPath.removingPercentEncoding, path.hasPrefix("/"), !path.contains(".."), !path.contains("\0")
        else { return nil }
        return path.hasSuffix("/") ? path + "index.html" : path
    }

    /// Whether an Accept-Encoding value accepts `coding`: named with q > 0, or not named while
    /// `*` has q > 0. An absent header accepts no coding here (identity is always safe).
    static func accepts(_ header: String, coding: String) -> Bool {
        var wildcard: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let name = parts.first, !name.isEmpty else { continue }
            let q = parts.dropFirst().first(where: { $0.hasPrefix("q=") }).flatMap { Double($0.dropFirst(2)) } ?? 1
            if name == coding { return q > 0 }
            if name == "*" { wildcard = q > 0 }
        }
        return wildcard ?? false
    }

    /// The media type of the original file, as Hummingbird's FileMiddleware gives it.
    static func mediaType(of path: String) -> String? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return MediaType.getMediaType(forExtension: String(path[path.index(after: dot)...]))?.description
    }
}
