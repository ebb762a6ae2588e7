#pragma once

// The process's descriptor table, grown once before it is needed (Linux).
//
// The kernel grows a process's table of open files by doubling it, and in a process with
// more than one thread (LiveDesk's server, storage and GUI threads share one table) every
// growth waits for an RCU grace period (synchronize_rcu in expand_fdtable): several, on a
// busy or virtual machine tens of, milliseconds in accept() with nothing else served. A
// stadium reconnecting at once crosses 256, 512, … 8,192 descriptors within a fraction of a
// second, and each stall let the kernel's accept queue (4,096) overflow, so that thousands
// of browsers waited a 1 s then 3 s SYN retransmit (docs/performance.md). Growing it once at
// start costs that wait once, when nobody is connected. The table never shrinks.
namespace DescriptorTable {

// Makes room for descriptors up to `count` (at most the process's descriptor limit, and at
// most MaxReserved): the table holds 8 bytes of kernel memory per slot, not user memory.
// Returns the number of slots reserved (0 if it could not).
int reserve(int count);

// Beyond this the table grows on demand as before: 512 KiB of kernel memory covers 65,536
// connections, which a default descriptor limit seldom passes.
constexpr int MaxReserved = 65536;

} // namespace DescriptorTable
