import { IntersectionType } from '@nestjs/swagger';
import { MinPositionQueryDto } from '../../queries/min-position.query.dto';
import { PageQueryDto } from './page.query.dto';

export class TimelineQueryDto extends IntersectionType(MinPositionQueryDto, PageQueryDto) {}
