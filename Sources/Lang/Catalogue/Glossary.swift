/// The course's names, as `:help f_t` explains them: what each value of a step is, in a sentence, and the
/// equation that computes it. Spellings (`C~_t`, `C̃_t`, `\tilde{C}_t`) and the plain forms (`f`) are one entry.
enum Glossary {
    static let entries: [(names: [String], text: String)] = [
        (["x_t", "x", "X_t"], "x_t: the input of this step (a cell's field c.x_t keeps the last one)."),
        (["h_t", "h"], "h_t: the output of this step, h_t = o_t * tanh(C_t) in an LSTM; it is also the state the next step reads."),
        (["h_{t-1}"], "h_{t-1}: the output of the step before, read by every gate of this step (c.h_{t-1})."),
        (["C_t", "C", "c_t"], "C_t: the cell state, the memory carried along: C_t = f_t * C_{t-1} + i_t * C~_t."),
        (["C_{t-1}", "c_{t-1}"], "C_{t-1}: the cell state as this step began (c.C_{t-1})."),
        (["f_t", "f"], "f_t: the forget gate, σ(W_f · [h_{t-1}, x_t] + b_f); per unit of C, the share of the old state kept "
            + "(1 keeps it all, 0 forgets)."),
        (["i_t", "i"], "i_t: the input gate, σ(W_i · [h_{t-1}, x_t] + b_i); per unit, how much of the candidate C~_t is written."),
        (["C~_t", "C̃_t", "\\tilde{C}_t", "C~", "G_t"], "C~_t: the candidate values, tanh(W_C · [h_{t-1}, x_t] + b_C), in (-1, 1); "
            + "seed 002 calls it G_t."),
        (["o_t", "o"], "o_t: the output gate, σ(W_o · [h_{t-1}, x_t] + b_o); per unit, how much of tanh(C_t) becomes h_t."),
        (["z_t", "z"], "z_t: the GRU's update gate, σ(W_z · [h_{t-1}, x_t] + b_z); h_t = (1 - z_t) * h_{t-1} + z_t * h~_t."),
        (["r_t", "r"], "r_t: the GRU's reset gate, σ(W_r · [h_{t-1}, x_t] + b_r); how much of h_{t-1} the candidate h~_t sees."),
        (["h~_t", "h̃_t"], "h~_t: the GRU's candidate, tanh(W_h · [r_t * h_{t-1}, x_t] + b_h)."),
        (["W_f", "W_i", "W_C", "W_o", "W"], "W_f, W_i, W_C, W_o: a layer's weights, one row per unit, acting on [h_{t-1}, x_t] "
            + "(on [C, h_{t-1}, x_t] with a peephole)."),
        (["b_f", "b_i", "b_C", "b_o", "b"], "b_f, b_i, b_C, b_o: a layer's biases, one per unit. A forget bias near +1 or more "
            + "makes a fresh cell keep its memory."),
    ]

    /// The entry for `name`, or nil.
    static func entry(_ name: String) -> String? {
        entries.first { $0.names.contains(name) }?.text
    }
}
