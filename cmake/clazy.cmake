# clazy (KDAB's Qt-aware checks; Debian's clazy package) as a plugin of the clang that builds
# the "asan" preset, so it reads every target — libraries, app, tests, benchmarks, fuzzers —
# as they compile, at no extra pass. CMAKE_COMPILE_WARNING_AS_ERROR makes each finding an
# error. ./livedesk.sh test builds that preset.
#
# Level 1 (which includes level 0) in full, and these from level 2 and the manual set:
set(LIVEDESK_CLAZY_CHECKS
    level1
    # The brief's rules, checked: pointer-to-member connect only; every QObject subclass
    # declares Q_OBJECT; no virtual call from a constructor.
    old-style-connect
    missing-qobject-macro
    virtual-call-ctor
    base-class-event
    static-pmf
    # Costly copies: a non-trivial argument taken by value where a const& would do.
    function-args-by-ref
    # Bugs Qt code makes: side effects inside Q_ASSERT (gone in release builds), a signal
    # returning a value, slots on a QThread subclass (they run on the creating thread),
    # tr() of a non-literal.
    assert-with-side-effects
    signal-with-return-value
    thread-with-slots
    tr-non-literal
    # Small costs that add up on the fan-out path: a container built inside a loop,
    # isEmpty() over count() == 0.
    container-inside-loop
    isempty-vs-count
    heap-allocated-small-trivial-type
    qhash-with-char-pointer-key
    qproperty-type-mismatch
    qstring-varargs
    raw-environment-function
    use-arrow-operator-instead-of-data)
# Not chosen, and why: use-chrono-in-qtimer (it asks for 5s over 5000 in every timer; the
# intervals here are named constants or tests' literals, in milliseconds as Qt's API says);
# detaching-member (it flags every find() or begin() on a member
# container, which is how a member is changed in place; the detaching that costs, a copy
# shared with another owner, it cannot see); reserve-candidates and unneeded-cast (most findings are loops over a
# few items and qobject_cast/static_cast pairs that document intent); qt-keywords (the code
# uses signals/slots/emit, Qt's own spelling); qt6-* (porting aids for Qt 5 code, which this is
# not); rule-of-three, copyable-polymorphic, ctor-missing-parent-argument, implicit-casts,
# qstring-allocations (level 2: 20–30 % false positives by clazy's own account; QObjects here
# are Q_DISABLE_COPY_MOVE and parented where they are made); jni-signatures (no Android);
# ifndef-define-typo (it reads the preprocessor of system headers too, and fails every file
# on Qt 6.4's own qglobal.h); unexpected-flag-enumerator-value (it takes any enum with 1, 2
# and 8 for a flag set, and the WebSocket opcodes 9 and 10 are what RFC 6455 says).

# Tests (targets with the LIVEDESK_TEST property, tests/CMakeLists.txt) are read with two
# checks fewer. non-pod-global-static: a test's named tokens and requests are QByteArray
# constants, and a test is one main() with no start-up time or static order to protect.
# lambda-in-connect: a test connects a lambda that captures its locals by reference to a
# sender that lives and dies inside the same test function.
set(LIVEDESK_CLAZY_TEST_EXEMPT no-non-pod-global-static no-lambda-in-connect)

find_file(LIVEDESK_CLAZY_PLUGIN ClazyPlugin.so
    PATHS /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib REQUIRED
    DOC "clazy's clang plugin (Debian package clazy)")
list(JOIN LIVEDESK_CLAZY_CHECKS "$<COMMA>" livedesk_clazy_checks)
list(JOIN LIVEDESK_CLAZY_TEST_EXEMPT "$<COMMA>" livedesk_clazy_exempt)
# clazy takes one list: a second -plugin-arg-clazy would replace the first.
set(livedesk_clazy_list
    "$<IF:$<BOOL:$<TARGET_PROPERTY:LIVEDESK_TEST>>,${livedesk_clazy_checks}$<COMMA>${livedesk_clazy_exempt},${livedesk_clazy_checks}>")
target_compile_options(livedesk_settings INTERFACE
    "SHELL:-Xclang -load -Xclang ${LIVEDESK_CLAZY_PLUGIN}"
    "SHELL:-Xclang -add-plugin -Xclang clazy"
    "SHELL:-Xclang -plugin-arg-clazy -Xclang ${livedesk_clazy_list}")
