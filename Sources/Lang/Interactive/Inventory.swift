/// `:vars`: every name defined in the session, with what it holds.
extension Session {
    public var inventory: String {
        guard !order.isEmpty else { return "nothing defined yet" }
        let width = order.map(\.count).max() ?? 0
        return order.compactMap { name -> String? in
            let pad = name + String(repeating: " ", count: width - name.count)
            if let slot = cells[name] {
                return "\(pad)  \(slot.kind) cell, \(slot.cell.inputs) → \(slot.cell.hidden), t = \(slot.steps.count)"
            }
            if let v = values[name] { return "\(pad)  \(v.describe)" }
            return nil
        }.joined(separator: "\n")
    }
}
