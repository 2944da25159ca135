#include "gazetteer/slot_table.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "geoevent/error.hpp"

namespace geoevent::gazetteer::detail {

void SlotTable::reset(std::size_t slots) {
    release();
    if (slots == 0) return;
    // Anonymous pages read as zeros (every slot empty) and are only backed once touched.
    const std::size_t bytes = slots * 6;
    void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        throw GazetteerError("cannot allocate the string table (" + std::to_string(bytes >> 20) +
                                 " MiB): " + std::strerror(errno),
                             "free memory or build from a smaller dump");
    // A hint only: without transparent huge pages the table works the same, slower.
    if (bytes >= (2u << 20)) ::madvise(p, bytes, MADV_HUGEPAGE);
    m_data = static_cast<char*>(p);
    m_slots = slots;
    m_bytes = bytes;
}

void SlotTable::release() noexcept {
    if (m_data) ::munmap(m_data, m_bytes);
    m_data = nullptr;
    m_slots = 0;
    m_bytes = 0;
}

}  // namespace geoevent::gazetteer::detail
