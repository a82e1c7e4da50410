// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "lstm",
    products: [
        .executable(name: "lstm", targets: ["Repl"]),
        .executable(name: "lstm-bench", targets: ["Bench"]),
        .executable(name: "lstm-fuzz", targets: ["Fuzz"]),
        .library(name: "Kernel", targets: ["Kernel"]),
        .library(name: "Lang", targets: ["Lang"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    ],
    targets: [
        // The numeric kernel: cells, gradients, matrix routines. No dependencies.
        .target(name: "Kernel"),
        // The command language and notebooks (front matter is YAML; pages are exported with Ink's CommonMark).
        // The language reference travels inside the library (a link to docs/language.md), for :help anywhere.
        .target(name: "Lang", dependencies: ["Kernel", "Yams", .product(name: "Ink", package: "Ink")],
                resources: [.embedInCode("Reference/language.md")]),
        // GNU readline, linked through a module map (no pkgConfig).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // The `lstm` executable: terminal I/O over Lang.
        .executableTarget(
            name: "Repl",
            dependencies: [
                "Lang", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // readline is C global state through and through: Swift 5 mode keeps its use plain.
            swiftSettings: [.swiftLanguageMode(.v5)]),
        // Release-mode benchmark printing JSON lines (run beside ../shared/bench).
        .executableTarget(name: "Bench", dependencies: ["Kernel"]),
        // The fuzz target over the language (scripts/fuzz.sh builds it with libFuzzer; plainly built, it replays inputs).
        .executableTarget(name: "Fuzz", dependencies: ["Lang"], path: "Tests/Fuzz", exclude: ["regressions"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel"], exclude: ["Fixtures"]),
        .testTarget(name: "LangTests", dependencies: ["Lang"], exclude: ["golden"]),
        // Drives the real `lstm` binary through a pseudo-terminal.
        .testTarget(name: "ReplTests"),
    ]
)
