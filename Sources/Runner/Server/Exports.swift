// `import Runner` is the one import a server app needs: the server and every layer under it.
@_exported import StreamrunEngine
@_exported import StreamrunHTTP
@_exported import StreamrunKafka
@_exported import StreamrunLog
@_exported import StreamrunSchemaRegistry
@_exported import StreamrunStores
