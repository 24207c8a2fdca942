/// Something bytes can be written to and read from until the peer closes.
protocol ByteChannel {
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool
    func readAll() -> [UInt8]?
    func shutdown()
}
