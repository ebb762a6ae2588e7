#include "http/descriptortable.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace DescriptorTable {

int reserve(int count)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    const rlim_t cap = std::min<rlim_t>(limit.rlim_cur, rlim_t(MaxReserved));
    const int slots = int(std::min<rlim_t>(rlim_t(std::max(count, 0)), cap));
    if (slots <= 0)
        return 0;
    // A duplicate at the table's last slot makes the kernel grow the table to hold it; the
    // slot is given back at once, the table stays.
    const int high = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, slots - 1);
    if (high < 0)
        return 0;
    ::close(high);
    return slots;
}

} // namespace DescriptorTable
